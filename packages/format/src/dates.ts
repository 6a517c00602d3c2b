import type { CardDate, Period } from '@openvitale/decoder';
import type { DateJson, PeriodeJson } from './json/types.js';

/**
 * The official date form is DDMMYYYY (API XML, [H] for the names, [M] for
 * the form). It is made by reordering the card's digits, never through a
 * calendar, so a lunar date (`20160700`) stays lunar (`00072016`).
 */
export const officialDate = ({ raw }: CardDate): string =>
  `${raw.slice(6, 8)}${raw.slice(4, 6)}${raw.slice(0, 4)}`;

export function dateJson(date: CardDate): DateJson {
  const { raw } = date;
  return {
    date: officialDate(date),
    dateEnCarte: raw,
    lunaire: date.lunar,
    iso: date.lunar ? null : `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`,
    annee: date.year,
    mois: date.month,
    jour: date.day,
  };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Model periods hold ISO `YYYY-MM-DD`; anything else passes through unchanged rather than being guessed. */
function isoToOfficial(iso: string | null): string | null {
  if (iso === null) return null;
  const match = ISO_DATE.exec(iso);
  return match === null ? iso : `${match[3]}${match[2]}${match[1]}`;
}

export function periodJson(period: Period): PeriodeJson {
  return {
    debut: isoToOfficial(period.start),
    fin: isoToOfficial(period.end),
    debutIso: period.start,
    finIso: period.end,
  };
}
