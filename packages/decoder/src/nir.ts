import { NIR_PLACE_KINDS, type NirPlaceKind } from './tables.js';

/**
 * The NIR (numéro de sécurité sociale) as a structured value. [H] for the
 * layout and the key rule. A wrong key or a provisional number is a flag,
 * never a rejection: test cards and provisional numbers exist.
 */
export interface Nir {
  /** The 15 characters read (13 + key), trailing spaces trimmed. */
  readonly raw: string;
  /** The first 13 characters; may hold `2A`/`2B`. */
  readonly digits: string;
  /** The 2-character key on the card. */
  readonly key: string;
  /** 97 − (N mod 97), `2A` read as 19 and `2B` as 18, on 2 digits. */
  readonly computedKey: string;
  /** `key === computedKey`. */
  readonly keyValid: boolean;
  /** From the first digit: 1 male, 2 female; `null` for provisional or unassigned first digits. */
  readonly sex: 'male' | 'female' | null;
  /** First digit 3–8: a provisional number (7/8 most often). [H] */
  readonly provisional: boolean;
  /** Year of birth on 2 digits; the century is not in the NIR. */
  readonly birthYear: number;
  /** Month of birth 1–12; `null` when unknown (the NIR then holds 00, 13–42 or 50–99). */
  readonly birthMonth: number | null;
  /** Département of birth: 2 characters, or 3 digits overseas (`971`); `99` abroad. */
  readonly departement: string;
  /** Commune (3 digits; 2 overseas), or the country code (3 digits) when born abroad. */
  readonly commune: string;
  /** From the département: `2A`/`2B`/`20` Corsica, `97`/`98` overseas, `99` abroad, 01–95 metropolitan. */
  readonly placeKind: NirPlaceKind | null;
  /** Order number in the birth register of the month (3 digits). */
  readonly orderNumber: string;
}

const BODY = String.raw`\d{5}(?:\d{2}|2[AB])\d{6}`;
const BODY_SHAPE = new RegExp(`^${BODY}$`);
const NIR_SHAPE = new RegExp(`^${BODY}\\d{2}$`);

/** 97 − (N mod 97) on 2 digits, for the 13 first characters; `null` if they are not a NIR body. */
export function computeNirKey(digits: string): string | null {
  const upper = digits.toUpperCase();
  if (!BODY_SHAPE.test(upper)) return null;
  const numeric = upper.replace('2A', '19').replace('2B', '18');
  let rest = 0;
  for (const char of numeric) rest = (rest * 10 + Number(char)) % 97;
  return String(97 - rest).padStart(2, '0');
}

/** Reads a 15-character NIR; `null` when the text does not have its shape. */
export function parseNir(text: string): Nir | null {
  const raw = text.replace(/ +$/, '');
  const upper = raw.toUpperCase();
  if (!NIR_SHAPE.test(upper)) return null;
  const digits = upper.slice(0, 13);
  const key = upper.slice(13);
  const computedKey = computeNirKey(digits)!;
  const first = upper[0]!;
  const month = Number(upper.slice(3, 5));
  const dept2 = upper.slice(5, 7);
  const overseas = NIR_PLACE_KINDS[dept2] === 'overseas';
  return {
    raw,
    digits,
    key,
    computedKey,
    keyValid: key === computedKey,
    sex: first === '1' ? 'male' : first === '2' ? 'female' : null,
    provisional: first >= '3' && first <= '8',
    birthYear: Number(upper.slice(1, 3)),
    birthMonth: month >= 1 && month <= 12 ? month : null,
    departement: overseas ? upper.slice(5, 8) : dept2,
    commune: overseas ? upper.slice(8, 10) : upper.slice(7, 10),
    placeKind: placeKindOf(dept2),
    orderNumber: upper.slice(10, 13),
  };
}

function placeKindOf(dept2: string): NirPlaceKind | null {
  const kind = NIR_PLACE_KINDS[dept2];
  if (kind !== undefined) return kind;
  const n = Number(dept2);
  return n >= 1 && n <= 95 ? 'metropolitan' : null;
}
