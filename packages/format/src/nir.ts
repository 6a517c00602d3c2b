import type { BirthDate, Nir } from '@openvitale/decoder';
import type { InferenceJson, NirOuvrantDroitJson } from './json/types.js';
import { LIEU_NAISSANCE, SEXE } from './json/vocabulary.js';
import { maskText } from './redact.js';

/** The NIR as the XML shows it: 15 characters, or 13 + space + key; masked when redacted. */
export function nirText(nir: Nir, format: 'compact' | 'spaced', redact: boolean): string {
  const text = format === 'spaced' ? `${nir.digits} ${nir.key}` : `${nir.digits}${nir.key}`;
  return redact ? maskText(text) : text;
}

/** The parts of the ouvrant droit's NIR; whatever could identify is dropped when redacted. */
export function nirOuvrantDroitJson(nir: Nir, redact: boolean): NirOuvrantDroitJson {
  const flags = { cleValide: nir.keyValid, provisoire: nir.provisional };
  if (redact) {
    return {
      chiffres: null,
      cle: null,
      cleCalculee: null,
      ...flags,
      sexe: null,
      anneeNaissance: null,
      moisNaissance: null,
      departement: null,
      commune: null,
      lieuNaissance: null,
      numeroOrdre: null,
    };
  }
  return {
    chiffres: nir.digits,
    cle: nir.key,
    cleCalculee: nir.computedKey,
    ...flags,
    sexe: nir.sex === null ? null : SEXE[nir.sex],
    anneeNaissance: nir.birthYear,
    moisNaissance: nir.birthMonth,
    departement: nir.departement,
    commune: nir.commune,
    lieuNaissance: nir.placeKind === null ? null : LIEU_NAISSANCE[nir.placeKind],
    numeroOrdre: nir.orderNumber,
  };
}

const OWN_NIR_RULE =
  'The year and month of birth the NIR encodes agree with the birth date (year on 2 digits; the month only when both give one).';

/**
 * Whether the NIR read for a person is likely the person's own: an
 * inference, never a fact. On a family card every person may carry the
 * insured person's NIR [M, docs/domain/vitale-card.md §3.4], and the NIR
 * encodes the year and usually the month of birth [H, §5.1]: when they
 * agree with the person's birth date the number is probably the person's;
 * when they disagree it belongs to someone else (the ouvrant droit). A NIR
 * with an unknown month (00, 20–42, 50–99) is judged on the year alone; a
 * birth date with an unknown month, likewise. A beneficiary born the same
 * month as the ouvrant droit whose NIR it carries defeats the rule: it is an
 * inference, kept out of the official elements.
 */
export function ownNirInference(nir: Nir, birth: BirthDate | null): InferenceJson<boolean> | null {
  if (birth === null) return null;
  const year = nir.birthYear === birth.year % 100;
  const month = nir.birthMonth === null || birth.month === null || nir.birthMonth === birth.month;
  return { valeur: year && month, regle: OWN_NIR_RULE };
}
