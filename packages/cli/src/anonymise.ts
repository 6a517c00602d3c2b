import { createHash, randomBytes } from 'node:crypto';
import { type Card, computeNirKey, parseNir } from '@openvitale/decoder';
import type { Trace, TraceRecord } from '@openvitale/transport';
import { CliError } from './errors.js';

/**
 * Anonymisation of a trace for a bug report. What a person is identified by
 * on a Vitale 2 card (names `65/80` `65/81`, birth date `65/82`, NIR `65/93`)
 * is replaced in every response by a fake value:
 *
 * - of the same byte length, so every TLV length, file size and READ BINARY
 *   the read procedure derives from them stays right, and the trace replays;
 * - consistent: the same real value gives the same fake value everywhere in
 *   the trace (a family card's shared NIR stays shared), through a keyed hash
 *   whose key is random per trace, so a fake NIR cannot be brute-forced back;
 * - of the same shape: letters stay letters (accented stay accented),
 *   separators and padding stay; dates stay dates (a lunar `00` day or month
 *   stays `00`, a day above 28 is kept, a month maps to one of the same
 *   length, so an impossible date stays impossible); a NIR keeps its first digit (provisional or not), its
 *   Corsica/overseas/abroad département, an unknown-month code, and gets a
 *   recomputed key (a wrong key stays wrong, as it may be the bug).
 *
 * A Vitale 1 card cannot be anonymised: its memory layout is not public.
 */
export interface AnonymiseOptions {
  /** The hash key; random by default. Fixed only by tests. */
  readonly salt?: Uint8Array;
}

export interface AnonymisedTrace {
  readonly trace: Trace;
  /** Distinct real values replaced. */
  readonly values: number;
}

type Category = 'name' | 'date' | 'nir';

const TAGS: Readonly<Record<number, Category>> = { 128: 'name', 129: 'name', 130: 'date', 147: 'nir' };

interface Secret {
  readonly category: Category;
  readonly tag: number | null;
  readonly real: Uint8Array;
}

export function anonymiseTrace(trace: Trace, card: Card, options: AnonymiseOptions = {}): AnonymisedTrace {
  if (card.generation === 'vitale-1') {
    throw new CliError(
      'NOT_ANONYMISABLE',
      'A Vitale 1 trace cannot be anonymised (its memory layout is not public)',
      { action: 'use --raw only to send the file to someone allowed to see the card data' },
    );
  }
  const salt = options.salt ?? randomBytes(32);
  const fakes = new Map<string, Uint8Array>();
  const fakeOf = (secret: Secret): Uint8Array => {
    const key = `${secret.category}:${Buffer.from(secret.real).toString('hex')}`;
    let fake = fakes.get(key);
    if (!fake) {
      fake = FAKERS[secret.category](secret.real, stream(salt, key), (other) => stream(salt, other));
      fakes.set(key, fake);
    }
    return fake;
  };

  const secrets = secretsOf(card);
  // Longest first, so a name inside a longer one (MARTIN in MARTINE) is not replaced piecemeal.
  const replacements = secrets
    .flatMap((secret) => patterns(secret, fakeOf(secret)))
    .sort((a, b) => b.from.length - a.from.length);

  const records = replaceInResponses(trace.records, replacements);
  for (const { from } of replacements) {
    if (records.some((record) => holds(record, from))) {
      throw new CliError(
        'NOT_ANONYMISABLE',
        'This trace could not be fully anonymised (a value sits where it cannot be replaced safely)',
        {
          action:
            'please report it, and use --raw only to send the file to someone allowed to see the card data',
        },
      );
    }
  }
  return { trace: { version: trace.version, records }, values: fakes.size };
}

/** Every identifying value of the card: decoded fields, and the raw ones the decoder could not read. */
function secretsOf(card: Card): Secret[] {
  const out: Secret[] = [];
  const add = (category: Category, tag: number | null, real: Uint8Array | undefined) => {
    if (real && real.length > 0) out.push({ category, tag, real });
  };
  for (const person of card.persons) {
    add('name', 0x80, person.surname?.raw);
    add('name', 0x81, person.givenName?.raw);
    add('name', null, person.birthSurname?.raw);
    add('date', 0x82, person.birthDate?.raw);
    add('nir', 0x93, person.nir?.raw);
    // A malformed date or NIR is kept as an unknown node: anonymise it all the same.
    for (const template of [person.templates.identity, person.templates.nir]) {
      for (const node of template?.unknown ?? []) {
        const tag = Number.parseInt(node.tag, 16);
        const category = TAGS[tag];
        if (category && node.path.split('/').length === 2) add(category, tag, tlvValue(node.raw));
      }
    }
  }
  return out;
}

/** The value bytes of a whole short-tag TLV object. */
function tlvValue(raw: Uint8Array): Uint8Array | undefined {
  const first = raw[1];
  if (first === undefined) return undefined;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return raw.subarray(header);
}

interface Replacement {
  readonly from: Uint8Array;
  readonly to: Uint8Array;
}

/**
 * The value with its tag and length (unambiguous, whatever its length), and
 * the bare value where it is long enough not to match by chance, to catch a
 * copy of it elsewhere on the card.
 */
function patterns(secret: Secret, fake: Uint8Array): Replacement[] {
  const out: Replacement[] = [];
  const { real, tag } = secret;
  if (tag !== null && real.length < 0x80) {
    out.push({
      from: Uint8Array.of(tag, real.length, ...real),
      to: Uint8Array.of(tag, real.length, ...fake),
    });
  }
  if (real.length >= 4) out.push({ from: real, to: fake });
  return out;
}

/**
 * Replaces in the responses' data (status words excluded) taken as one
 * stream, so that a value split across two READ BINARY chunks or a GET
 * RESPONSE is replaced too; then cuts the stream back into responses.
 */
function replaceInResponses(
  records: readonly TraceRecord[],
  replacements: readonly Replacement[],
): TraceRecord[] {
  const parts = records.map((r) =>
    r.kind === 'exchange' ? r.response.subarray(0, r.response.length - 2) : null,
  );
  const stream = Buffer.concat(parts.filter((p) => p !== null));
  for (const { from, to } of replacements) {
    for (let at = stream.indexOf(from); at >= 0; at = stream.indexOf(from, at + from.length)) {
      stream.set(to, at);
    }
  }
  let offset = 0;
  return records.map((record, i) => {
    const part = parts[i];
    if (record.kind !== 'exchange' || !part) return record;
    const response = new Uint8Array(record.response.length);
    response.set(stream.subarray(offset, offset + part.length));
    response.set(record.response.subarray(part.length), part.length);
    offset += part.length;
    return { ...record, response };
  });
}

function holds(record: TraceRecord, value: Uint8Array): boolean {
  if (record.kind === 'comment') return record.text.includes(Buffer.from(value).toString('latin1'));
  const bytes =
    record.kind === 'reset'
      ? [record.atr]
      : [record.command, ...(record.kind === 'exchange' ? [record.response] : [])];
  return bytes.some((b) => Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(value) >= 0);
}

/** An endless, deterministic stream of numbers from the key and the value. */
function stream(salt: Uint8Array, key: string): Random {
  let block = 0;
  let pool: Buffer = Buffer.alloc(0);
  let at = 0;
  return (n) => {
    if (at + 4 > pool.length) {
      pool = createHash('sha256').update(salt).update(key).update(String(block++)).digest();
      at = 0;
    }
    const value = pool.readUInt32BE(at);
    at += 4;
    return value % n;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = Buffer.from('ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ', 'latin1');
const ASCII = (text: string) => Buffer.from(text, 'latin1');
const digits = (random: Random, count: number, min = 0, max = 10 ** count - 1) =>
  String(min + random(max - min + 1)).padStart(count, '0');

type Random = (n: number) => number;
/** A fake maker: the value's own random stream, and `keyed` for values that must agree across fields. */
type Faker = (real: Uint8Array, random: Random, keyed: (key: string) => Random) => Uint8Array;

/**
 * Year (2 digits) and month of birth, as one mapping shared by dates and
 * NIRs: a NIR whose year and month agree with a birth date still agrees
 * after anonymisation, and one that does not (a child's card carrying its
 * parent's NIR) still does not, since the mapping is a keyed permutation.
 * The formatter infers from that agreement whether the NIR is the person's
 * own. A recent year stays recent (no fake date in the future), a leap year
 * stays a leap year, and a month maps to one of the same length, so that
 * 29 February or 31 April stays a real or an impossible day.
 */
function fakeYearMonth(keyed: (key: string) => Random, yy: string, mm: string): { yy: string; mm: string } {
  const year = Number(yy);
  const now = new Date().getFullYear() % 100;
  const leap = year % 4 === 0;
  const years = Array.from({ length: 100 }, (_, i) => i).filter(
    (y) => y <= now === year <= now && (y % 4 === 0) === leap,
  );
  const fakeYear = cycle(years, keyed(`years:${year <= now}:${leap}`), year);
  const months = MONTHS_LIKE.find((list) => list.includes(mm));
  const fakeMonth = months ? cycle(months, keyed(`months:${months[0]}`), mm) : mm;
  return { yy: String(fakeYear).padStart(2, '0'), mm: fakeMonth };
}

/**
 * `item`'s image under a keyed permutation of `items` with no fixed point
 * (one cycle through a keyed shuffle): the fake year always differs.
 */
function cycle<T>(items: readonly T[], random: Random, item: T): T {
  if (items.length < 2) return item;
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const step = 1 + random(order.length - 1);
  return order[(order.indexOf(item) + step) % order.length]!;
}

const MONTHS_LIKE: readonly (readonly string[])[] = [
  ['01', '03', '05', '07', '08', '10', '12'],
  ['04', '06', '09', '11'],
  ['02'],
];

const FAKERS: Readonly<Record<Category, Faker>> = {
  name: (real, random) => {
    const fake = real.map((byte) => {
      if (byte >= 0x41 && byte <= 0x5a) return UPPER.charCodeAt(random(26));
      if (byte >= 0x61 && byte <= 0x7a) return UPPER.charCodeAt(random(26)) + 0x20;
      // Digits too: a malformed date or NIR falls back to this faker.
      if (byte >= 0x30 && byte <= 0x39) return 0x30 + random(10);
      if (byte >= 0xc0 && byte !== 0xd7 && byte !== 0xf7) return ACCENTED[random(ACCENTED.length)]!;
      return byte;
    });
    // A one-letter name could come out the same: shift it.
    if (Buffer.compare(fake, real) === 0) return fake.map((b) => (b >= 0x41 && b < 0x5a ? b + 1 : b));
    return fake;
  },
  date: (real, random, keyed) => {
    const text = Buffer.from(real).toString('latin1');
    const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(.*)$/s.exec(text);
    if (!match) return FAKERS.name(real, random, keyed);
    const [, century, yy, mm, day, rest] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const fake = fakeYearMonth(keyed, yy, mm);
    // Lunar days are kept: 00, above 31, or one the month does not have (they may be the bug).
    const fakeDay = day === '00' || Number(day) > 28 ? day : digits(random, 2, 1, 28);
    return ASCII(`${century}${fake.yy}${fake.mm}${fakeDay}${rest}`);
  },
  nir: (real, random, keyed) => {
    const text = Buffer.from(real).toString('latin1');
    const nir = parseNir(text);
    if (!nir) return FAKERS.name(real, random, keyed);
    const { yy, mm } = fakeYearMonth(keyed, nir.raw.slice(1, 3), nir.raw.slice(3, 5));
    const dept2 = nir.raw.slice(5, 7).toUpperCase();
    const keptDept = ['2A', '2B', '97', '98', '99'].includes(dept2);
    let dept = keptDept ? dept2 : digits(random, 2, 1, 95);
    if (dept === '20') dept = '21';
    const body = `${nir.raw[0]}${yy}${mm}${dept}${digits(random, 3, 1, 990)}${digits(random, 3, 1, 999)}`;
    const valid = computeNirKey(body)!;
    const key = nir.keyValid ? valid : String((Number(valid) % 97) + 1).padStart(2, '0');
    return ASCII(`${body}${key}${text.slice(15)}`);
  },
};
