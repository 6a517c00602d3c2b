import { isOpenVitaleError } from '@openvitale/errors';
import { fromHex } from '@openvitale/transport';
import { firstNonLatin1 } from './latin1.js';
import { type CardProfile, LAYOUT_NAMES } from './profile.js';
import { ProfileError } from './profile-error.js';
import { checkTag } from './tlv.js';

type Json = Record<string, unknown>;

/** Walks the JSON with the current path, so every failure names its field. */
class Checker {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly source: string | undefined,
  ) {}

  fail(message: string): never {
    throw new ProfileError(this.path, message, this.source);
  }

  at(key: string | number): Checker {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    const value = typeof key === 'number' ? (this.value as unknown[])[key] : (this.value as Json)[key];
    return new Checker(path, value, this.source);
  }

  object(allowed: readonly string[]): Json {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value))
      this.fail('must be an object');
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key) && key !== '$comment') {
        this.at(key).fail(`unknown field (expected one of: ${allowed.join(', ')})`);
      }
    }
    return this.value as Json;
  }

  get present(): boolean {
    return this.value !== undefined;
  }

  string(pattern?: RegExp, what?: string): string {
    if (typeof this.value !== 'string') this.fail('must be a string');
    if (pattern && !pattern.test(this.value)) this.fail(`"${this.value}" is not ${what ?? pattern.source}`);
    return this.value;
  }

  oneOf<T extends string>(values: readonly T[]): T {
    const text = this.string();
    if (!(values as readonly string[]).includes(text))
      this.fail(`"${text}" is not one of ${values.join(', ')}`);
    return text as T;
  }

  latin1(): string {
    const text = this.string();
    if (text.trim() === '') this.fail('must not be empty');
    const bad = firstNonLatin1(text);
    if (bad !== undefined) this.fail(`character "${bad}" is not in ISO-8859-1 (the card's character set)`);
    return text;
  }

  hex(minBytes = 1, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
    const text = this.string();
    let bytes: Uint8Array;
    try {
      bytes = fromHex(text);
    } catch {
      this.fail(`"${text}" is not even-length hex`);
    }
    if (bytes.length < minBytes || bytes.length > maxBytes) {
      this.fail(
        `${bytes.length} byte(s), expected ${minBytes === maxBytes ? minBytes : `${minBytes} to ${maxBytes}`}`,
      );
    }
    return bytes;
  }

  integer(min: number, max: number): number {
    if (!Number.isInteger(this.value) || (this.value as number) < min || (this.value as number) > max) {
      this.fail(`must be an integer from ${min} to ${max}`);
    }
    return this.value as number;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('must be true or false');
    return this.value;
  }

  array(minLength = 0): Checker[] {
    if (!Array.isArray(this.value)) this.fail('must be an array');
    if (this.value.length < minLength) this.fail(`needs at least ${minLength} item(s)`);
    return this.value.map((_, i) => this.at(i));
  }

  /** Checks every item of an array with `check`. */
  each(minLength: number, check: (item: Checker) => unknown): void {
    for (const item of this.array(minLength)) check(item);
  }

  optional(key: string, check: (field: Checker) => unknown): void {
    const field = this.at(key);
    if (field.present) check(field);
  }
}

const DATE = /^[0-9]{8}$/;
/** 13 characters (département `2A`/`2B` allowed) + a 2-digit key; the key's value is not checked. */
const NIR = /^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{8}$/;
const BASE_FIELDS = ['type', 'description', 'exercises', 'atr'];

/**
 * Checks a parsed JSON profile and returns it typed, or throws a
 * `ProfileError` naming the first faulty field. `source` (a file name)
 * prefixes the message.
 */
export function parseProfile(json: unknown, source?: string): CardProfile {
  const root = new Checker('', json, source);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) root.fail('must be a JSON object');
  const type = root.at('type').oneOf(['vitale2', 'vitale1', 'cps', 'unknown']);
  if (type === 'vitale2') {
    root.object([...BASE_FIELDS, 'persons', 'cardData', 'layout']);
    checkBase(root);
    root.at('persons').each(1, checkPerson);
    root.optional('cardData', checkCardData);
    root.optional('layout', (layout) => {
      if (typeof layout.value === 'string') layout.oneOf(LAYOUT_NAMES);
      else checkLayout(layout, (json as Json).persons as unknown[]);
    });
  } else if (type === 'vitale1') {
    root.object([...BASE_FIELDS, 'subtype', 'info', 'memory']);
    checkBase(root);
    root.optional('subtype', (s) => s.oneOf(['SCOT', 'IGEA']));
    root.at('info').hex(8, 8);
    const memory = root.at('memory');
    memory.object(['start', 'words']);
    memory.optional('start', (s) => s.string(/^[0-9A-Fa-f]{4}$/, '4 hex digits'));
    memory.at('words').each(1, (w) => w.string(/^[0-9A-Fa-f]{8}$/, 'a 32-bit word in 8 hex digits'));
  } else {
    root.object(BASE_FIELDS);
    checkBase(root);
    if (type === 'unknown' && !root.at('atr').present) root.at('atr').fail('an unknown card needs its ATR');
  }
  return json as CardProfile;
}

function checkBase(root: Checker): void {
  root.at('description').string(/\S/, 'a non-empty text');
  root.at('exercises').each(1, (e) => e.string(/\S/, 'a non-empty text'));
  root.optional('atr', (atr) => {
    const bytes = atr.hex(2, 33);
    if (bytes[0] !== 0x3b && bytes[0] !== 0x3f)
      atr.fail('an ATR starts with TS = 3B (direct) or 3F (inverse)');
  });
}

function checkPerson(person: Checker): void {
  person.object(['nom', 'prenom', 'birthDate', 'nir', 'extra']);
  person.at('nom').latin1();
  person.at('prenom').latin1();
  person.at('birthDate').string(DATE, 'YYYYMMDD (8 digits; 00 allowed for a lunar date)');
  person.at('nir').string(NIR, 'a NIR of 15 characters (13 + key; 2A/2B allowed at positions 6-7)');
  person.optional('extra', (extra) => extra.each(0, (t) => checkExtraTag(t, true)));
}

function checkExtraTag(extra: Checker, inPerson: boolean): void {
  const fields = extra.object(inPerson ? ['tag', 'text', 'hex', 'file'] : ['tag', 'text', 'hex']);
  const tag = extra.at('tag');
  const bytes = tag.hex(1, 3);
  try {
    checkTag(bytes);
  } catch (error) {
    tag.fail(isOpenVitaleError(error) ? error.summary : String(error));
  }
  if ((fields.text === undefined) === (fields.hex === undefined))
    extra.fail('needs exactly one of "text" or "hex"');
  extra.optional('text', (t) => t.latin1());
  extra.optional('hex', (h) => h.hex(0));
  extra.optional('file', (f) => f.oneOf(['identity', 'nir']));
}

function checkCardData(data: Checker): void {
  data.object(['validityStart', 'certificate', 'signature', 'publicKeyRemainder', 'extra']);
  data.at('validityStart').string(DATE, 'YYYYMMDD');
  for (const key of ['certificate', 'signature', 'publicKeyRemainder']) data.optional(key, (h) => h.hex(1));
  data.optional('extra', (extra) => extra.each(0, (t) => checkExtraTag(t, false)));
}

function checkLayout(layout: Checker, persons: readonly unknown[]): void {
  layout.object(['selectP2', 'shortRead', 'longLengths', 'applications']);
  layout.optional('selectP2', (p) => p.oneOf(['both', '00', '0C']));
  layout.optional('shortRead', (s) => s.oneOf(['6282', '6C']));
  layout.optional('longLengths', (l) => l.boolean());
  const applications = layout.at('applications').array(1);
  if (applications.filter((a) => (a.value as Json | null)?.mf === true).length > 1) {
    layout.at('applications').fail('at most one application can be the MF');
  }
  const aids = new Set<string>();
  for (const app of applications) {
    app.object(['name', 'aid', 'mf', 'fid', 'entry', 'info', 'listed', 'files']);
    app.at('name').string();
    const aid = app.at('aid');
    const key = aid.hex(5, 16).join(',');
    if (aids.has(key)) aid.fail('another application has the same AID');
    aids.add(key);
    app.optional('mf', (m) => m.boolean());
    app.optional('fid', checkFid);
    app.optional('entry', (e) => e.integer(0, 0xffff));
    app.optional('info', (i) => i.hex(2, 2));
    app.optional('listed', (l) => l.boolean());
    const fids = new Set<string>();
    const sfis = new Set<number>();
    for (const file of app.at('files').array()) {
      checkFile(file, persons.length);
      const fields = file.value as Json;
      const fid = String(fields.fid).toUpperCase();
      if (fids.has(fid)) file.at('fid').fail('another file of this application has the same FID');
      fids.add(fid);
      if (typeof fields.sfi === 'number') {
        if (sfis.has(fields.sfi)) file.at('sfi').fail('another file of this application has the same SFI');
        sfis.add(fields.sfi);
      }
    }
  }
}

function checkFid(fid: Checker): void {
  const bytes = fid.hex(2, 2);
  if (bytes[0] === 0x3f && bytes[1] === 0x00) fid.fail('3F00 is the MF');
}

function checkFile(file: Checker, personCount: number): void {
  file.object([
    'name',
    'fid',
    'sfi',
    'content',
    'persons',
    'size',
    'padding',
    'protected',
    'fciSize',
    'listed',
  ]);
  file.at('name').string(/^[\x20-\x7e]{1,8}$/, 'a name of 1 to 8 ASCII characters');
  checkFid(file.at('fid'));
  file.optional('sfi', (s) => s.integer(1, 30));
  const content = file.at('content');
  if (Array.isArray(content.value)) content.each(1, checkPart);
  else checkPart(content);
  file.optional('persons', (p) => p.each(1, (i) => i.integer(0, personCount - 1)));
  file.optional('size', (s) => s.integer(0, 0x7fff));
  file.optional('padding', (p) => p.oneOf(['00', 'FF']));
  file.optional('protected', (p) => {
    const sw = p.hex(2, 2);
    if (sw[0]! >> 4 !== 6 && sw[0] !== 0x90) p.fail('must be a status word (6XXX)');
  });
  file.optional('fciSize', (f) => f.integer(2, 255));
  file.optional('listed', (l) => l.boolean());
}

function checkPart(part: Checker): void {
  if (typeof part.value === 'string') {
    part.oneOf(['directory', 'identity', 'nir', 'card-data']);
    return;
  }
  part.object(['hex']);
  part.at('hex').hex(0);
}
