import type { Card } from '@openvitale/decoder';
import { toHex } from '@openvitale/decoder';
import { dateJson } from '../dates.js';
import { type DocumentOptions, type ResolvedDocumentOptions, resolveDocumentOptions } from '../options.js';
import {
  certificatJson,
  diagnosticJson,
  fichierJson,
  memoireJson,
  nonLuJson,
  repertoireJson,
} from './card.js';
import { beneficiaireJson } from './person.js';
import { listeAtJson } from './rights.js';
import { type CardDocument, type CarteJson, type NonLuJson, SCHEMA_VERSION } from './types.js';
import { GENERATION, PORTEE } from './vocabulary.js';

/** The first reason some rights are missing: persons first, then the family's work accidents. */
function droitsNonLus(card: Card): NonLuJson | null {
  for (const rights of [...card.persons.map((p) => p.rights), card.workAccidents]) {
    if (rights.status === 'not-available') return nonLuJson(rights);
  }
  return null;
}

function carteJson(card: Card, options: ResolvedDocumentOptions): CarteJson {
  const validity = card.cardData?.validityStart?.value ?? null;
  const base: CarteJson = {
    generation: GENERATION[card.generation],
    atr: card.atr.length === 0 ? null : toHex(card.atr),
    portee: PORTEE[card.readScope],
    debutValidite: validity === null ? null : dateJson(validity),
    personnesNonLues: card.personsUnavailable && nonLuJson(card.personsUnavailable),
  };
  if (options.content === 'identification') return base;
  const { redact } = options;
  return {
    ...base,
    droitsNonLus: droitsNonLus(card),
    repertoire: repertoireJson(card),
    listeFichiers: card.files.map((file) => fichierJson(file, redact)),
    listeCertificats: card.certificates.map((blob) => certificatJson(blob, redact)),
    memoireVitale1: memoireJson(card, redact),
    listeDiagnostics: card.diagnostics.map(diagnosticJson),
  };
}

/**
 * The JSON form of a card (a plain object: `JSON.stringify` it, or use
 * `toJsonString`). A card read for identification gives an identification
 * document (`sortie.contenu`), without rights, card internals or raw bytes.
 */
export function toJson(card: Card, options?: DocumentOptions): CardDocument {
  const resolved = resolveDocumentOptions(card, options);
  const work = card.workAccidents;
  const document: CardDocument = {
    schemaVersion: SCHEMA_VERSION,
    sortie: {
      contenu: resolved.content,
      masquage: resolved.redact,
      centreCarte0000: resolved.centreCarte0000,
      formatNir: resolved.nirFormat === 'spaced' ? 'espace' : 'compact',
    },
    carte: carteJson(card, resolved),
    listeBenef: card.persons.map((person) => beneficiaireJson(person, resolved)),
  };
  if (resolved.content === 'identification') return document;
  return { ...document, listeat: work.status === 'available' ? listeAtJson(work.value) : null };
}

/** `toJson` as text: two-space indentation and a final line feed, stable for goldens. */
export function toJsonString(card: Card, options?: DocumentOptions): string {
  return `${JSON.stringify(toJson(card, options), null, 2)}\n`;
}
