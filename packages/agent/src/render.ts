import { toJson, toXml, toXmlString } from '@openvitale/format';
import type { CardRead, ReadScope } from '@openvitale/reader';

export type OutputFormat = 'json' | 'xml';

export interface RenderOptions {
  readonly scope: ReadScope;
  readonly redact: boolean;
}

/**
 * The card as the CLI writes it (one JSON schema, the official XML): an
 * identification read yields the identification only, so a response never
 * holds more than the client asked for.
 */
export function cardJson(read: CardRead, options: RenderOptions) {
  return toJson(read.card, documentOptions(options));
}

/** The official XML, ISO-8859-1 as the closed API writes it (HTTP). */
export function cardXml(read: CardRead, options: RenderOptions): Uint8Array {
  return toXml(read.card, documentOptions(options));
}

/** The same XML as a UTF-8 string, for WebSocket text frames. */
export function cardXmlString(read: CardRead, options: RenderOptions): string {
  return toXmlString(read.card, { ...documentOptions(options), encoding: 'UTF-8' });
}

function documentOptions(options: RenderOptions) {
  return { identificationOnly: options.scope === 'identification', redact: options.redact };
}
