import { XML_PROFILES, type XmlProfile } from '@openvitale/format';
import type { ReadScope } from '@openvitale/reader';
import { AgentError } from '../errors.js';
import type { OutputFormat } from '../render.js';

export interface ReadParams {
  readonly scope: ReadScope;
  readonly reader: string;
  readonly waitTimeoutMs: number;
  readonly timeoutMs: number;
  readonly format: OutputFormat;
  readonly xmlProfile: XmlProfile;
  readonly redact: boolean;
}

export const READ_LIMITS = {
  maxWaitMs: 600_000,
  maxReadMs: 60_000,
  defaultWaitMs: 60_000,
  defaultReadMs: 10_000,
};

type Body = Record<string, unknown>;

/** Refuses unknown fields: a typo (`scop`) must not silently read with the defaults. */
export function onlyFields(body: Body, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new AgentError(
      'BAD_REQUEST',
      `${what}: unknown field(s) ${unknown.join(', ')} (known: ${allowed.join(', ')})`,
    );
  }
}

export function oneOf<T extends string>(body: Body, field: string, values: readonly T[], fallback: T): T {
  const value = body[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new AgentError('BAD_REQUEST', `"${field}" must be one of ${values.join(', ')}`);
  }
  return value as T;
}

export function flag(body: Body, field: string, fallback: boolean): boolean {
  const value = body[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new AgentError('BAD_REQUEST', `"${field}" must be true or false`);
  return value;
}

export function text(body: Body, field: string, fallback: string, maxLength: number): string {
  const value = body[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new AgentError(
      'BAD_REQUEST',
      `"${field}" must be a non-empty string of at most ${maxLength} characters`,
    );
  }
  return value;
}

export function milliseconds(body: Body, field: string, fallback: number, max: number): number {
  const value = body[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new AgentError('BAD_REQUEST', `"${field}" must be a whole number of milliseconds from 1 to ${max}`);
  }
  return value;
}

/** The XML profile; given with JSON it is a mistake worth saying, not a setting to ignore. */
export function xmlProfile(body: Body, format: OutputFormat): XmlProfile {
  const profile = oneOf(body, 'xmlProfile', XML_PROFILES, 'official');
  if (body.xmlProfile !== undefined && format !== 'xml') {
    throw new AgentError('BAD_REQUEST', '"xmlProfile" applies to XML only', {
      action: 'add "format": "xml" or drop it',
    });
  }
  return profile;
}

const READ_FIELDS = [
  'scope',
  'reader',
  'waitTimeoutMs',
  'timeoutMs',
  'format',
  'xmlProfile',
  'redact',
] as const;

/** The body of `POST /v1/read`; `Accept: application/xml` asks for XML too. Identification by default. */
export function readParams(body: Body, accept: string | undefined): ReadParams {
  onlyFields(body, READ_FIELDS, 'POST /v1/read');
  const wantsXml =
    accept !== undefined && /\bapplication\/xml\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
  const format = oneOf(body, 'format', ['json', 'xml'] as const, wantsXml ? 'xml' : 'json');
  return {
    scope: oneOf(body, 'scope', ['identification', 'full'], 'identification'),
    reader: text(body, 'reader', 'auto', 200),
    waitTimeoutMs: milliseconds(body, 'waitTimeoutMs', READ_LIMITS.defaultWaitMs, READ_LIMITS.maxWaitMs),
    timeoutMs: milliseconds(body, 'timeoutMs', READ_LIMITS.defaultReadMs, READ_LIMITS.maxReadMs),
    format,
    xmlProfile: xmlProfile(body, format),
    redact: flag(body, 'redact', false),
  };
}
