import type { Card } from '@openvitale/decoder';
import { toHex } from '@openvitale/decoder';
import { dateJson } from '../dates.js';
import { type DocumentOptions, type ResolvedDocumentOptions, resolveDocumentOptions } from '../options.js';
import { certificatJson, diagnosticJson, fichierJson, memoireJson, repertoireJson } from './card.js';
import { beneficiaireJson } from './person.js';
import { listeAtJson } from './rights.js';
import { type CardDocument, type CarteJson, type NonLuJson, SCHEMA_VERSION } from './types.js';

/** The first reason some rights are missing: persons first, then the family's work accidents. */
function droitsNonLus(card: Card): NonLuJson | null {
  const missing = [...card.persons.map((p) => p.rights), card.workAccidents].find(
    (r) => r.status === 'not-available',
  );
  return missing?.status === 'not-available' ? { motif: missing.reason, libelle: missing.message } : null;
}

function carteJson(card: Card, options: ResolvedDocumentOptions): CarteJson {
  const validity = card.cardData?.validityStart?.value ?? null;
  const base: CarteJson = {
    generation: card.generation,
    atr: card.atr.length === 0 ? null : toHex(card.atr),
    portee: card.readScope,
    debutValidite: validity === null ? null : dateJson(validity),
    droitsNonLus: options.identificationOnly ? null : droitsNonLus(card),
  };
  if (options.identificationOnly) return base;
  const { redact } = options;
  return {
    ...base,
    repertoire: repertoireJson(card),
    listeFichiers: card.files.map((file) => fichierJson(file, redact)),
    listeCertificats: card.certificates.map((blob) => certificatJson(blob, redact)),
    memoireVitale1: memoireJson(card, redact),
    listeDiagnostics: card.diagnostics.map(diagnosticJson),
  };
}

/** The JSON form of a card (a plain object: `JSON.stringify` it, or use `toJsonString`). */
export function toJson(card: Card, options?: DocumentOptions): CardDocument {
  const resolved = resolveDocumentOptions(options);
  const work = card.workAccidents;
  return {
    schemaVersion: SCHEMA_VERSION,
    sortie: {
      contenu: resolved.identificationOnly ? 'identification' : 'complet',
      masquage: resolved.redact,
      centreCarte0000: resolved.centreCarte0000,
      formatNir: resolved.nirFormat,
    },
    carte: carteJson(card, resolved),
    listeBenef: card.persons.map((person) => beneficiaireJson(person, resolved)),
    listeat: resolved.identificationOnly || work.status !== 'available' ? null : listeAtJson(work.value),
  };
}

/** `toJson` as text: two-space indentation and a final line feed, stable for goldens. */
export function toJsonString(card: Card, options?: DocumentOptions): string {
  return `${JSON.stringify(toJson(card, options), null, 2)}\n`;
}
