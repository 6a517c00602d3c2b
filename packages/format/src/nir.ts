import type { BirthDate, Nir } from '@openvitale/decoder';
import type { NirJson } from './json/types.js';
import { maskText } from './redact.js';

/** The NIR as the XML shows it: 15 characters, or 13 + space + key. */
export function nirText(nir: Nir, format: 'compact' | 'spaced'): string {
  return format === 'spaced' ? `${nir.digits} ${nir.key}` : `${nir.digits}${nir.key}`;
}

export function nirJson(nir: Nir, format: 'compact' | 'spaced', redact: boolean): NirJson {
  const valeur = nirText(nir, format);
  if (redact) {
    return {
      valeur: maskText(valeur),
      masque: true,
      chiffres: null,
      cle: null,
      cleCalculee: null,
      cleValide: nir.keyValid,
      sexe: null,
      provisoire: nir.provisional,
      anneeNaissance: null,
      moisNaissance: null,
      departement: null,
      commune: null,
      lieuNaissance: null,
      numeroOrdre: null,
    };
  }
  return {
    valeur,
    masque: false,
    chiffres: nir.digits,
    cle: nir.key,
    cleCalculee: nir.computedKey,
    cleValide: nir.keyValid,
    sexe: nir.sex,
    provisoire: nir.provisional,
    anneeNaissance: nir.birthYear,
    moisNaissance: nir.birthMonth,
    departement: nir.departement,
    commune: nir.commune,
    lieuNaissance: nir.placeKind,
    numeroOrdre: nir.orderNumber,
  };
}

/**
 * Whether the NIR read in `65/93` is the person's own, so that it may fill
 * `nirCertifie`. On a family card every person may carry the insured
 * person's NIR [M], and consumers take `nirCertifie` as the person's own
 * number (docs/domain/official-api.md §1.3). The NIR encodes the year (and usually the
 * month) of birth [H]: when they agree with the person's birth date the
 * number is the person's; when they disagree it belongs to someone else
 * (the ouvrant droit) and only `nir` is filled. A NIR with an unknown month
 * (00, 20–42, 50–99) is judged on the year alone; a birth date with an
 * unknown month, likewise.
 */
export function isOwnNir(nir: Nir, birth: BirthDate | null): boolean {
  if (birth === null) return false;
  if (nir.birthYear !== birth.year % 100) return false;
  return nir.birthMonth === null || birth.month === null || nir.birthMonth === birth.month;
}
