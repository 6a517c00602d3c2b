/**
 * A date as the card stores it. Real people have "lunar" birth dates (day
 * `00`, month `00`, or an impossible day such as 31 February) when the exact
 * date is unknown: they are kept as they are and flagged, never pushed
 * through a calendar `Date`.
 */
export interface CardDate {
  /** The 8 characters on the card, `YYYYMMDD`. [H] */
  readonly raw: string;
  readonly year: number;
  /** 1–12, or `null` when the card says `00` or a number above 12. */
  readonly month: number | null;
  /**
   * 1–31 as on the card, or `null` for `00` or a number above 31. A day the
   * month does not have (31 February) is kept here and `lunar` is set.
   */
  readonly day: number | null;
  /** True when the date is not a real calendar day (unknown month or day, or impossible day). */
  readonly lunar: boolean;
}

/** A date of birth; the same structure as any card date. */
export type BirthDate = CardDate;

const EIGHT_DIGITS = /^\d{8}$/;

/** Reads `YYYYMMDD`; `null` when the text is not 8 ASCII digits. */
export function parseCardDate(raw: string): CardDate | null {
  if (!EIGHT_DIGITS.test(raw)) return null;
  const year = Number(raw.slice(0, 4));
  const m = Number(raw.slice(4, 6));
  const d = Number(raw.slice(6, 8));
  const month = m >= 1 && m <= 12 ? m : null;
  const day = d >= 1 && d <= 31 ? d : null;
  const lunar = month === null || day === null || day > daysInMonth(year, month);
  return { raw, year, month, day, lunar };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
