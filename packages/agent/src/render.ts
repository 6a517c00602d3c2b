import { toJson, toXml, toXmlString, type XmlProfile } from '@openvitale/format';
import { type CardRead, type ReadScope, readErrorFrom } from '@openvitale/reader';

export type OutputFormat = 'json' | 'xml';

export interface RenderOptions {
  readonly scope: ReadScope;
  readonly redact: boolean;
  readonly xmlProfile: XmlProfile;
}

/**
 * The card as the CLI writes it (one JSON schema, the official XML profile
 * by default): an identification read yields the identification only, so a
 * response never holds more than the client asked for.
 */
export function cardJson(read: CardRead, options: RenderOptions) {
  return toJson(read.card, documentOptions(options));
}

/** The XML, ISO-8859-1 as the closed API writes it (HTTP). */
export function cardXml(read: CardRead, options: RenderOptions): Uint8Array {
  return xml(() => toXml(read.card, { ...documentOptions(options), profile: options.xmlProfile }));
}

/** The same XML as a UTF-8 string, for WebSocket text frames. */
export function cardXmlString(read: CardRead, options: RenderOptions): string {
  return xml(() =>
    toXmlString(read.card, { ...documentOptions(options), profile: options.xmlProfile, encoding: 'UTF-8' }),
  );
}

/** A Vitale 1 in the official profile (no element says why there is no person) is a read error, not a crash. */
function xml<T>(render: () => T): T {
  try {
    return render();
  } catch (error) {
    throw readErrorFrom(error, 'decode');
  }
}

function documentOptions(options: RenderOptions) {
  return { identificationOnly: options.scope === 'identification', redact: options.redact };
}
