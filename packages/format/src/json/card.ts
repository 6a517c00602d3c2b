import type {
  Card,
  CertificateBlob,
  Diagnostic,
  FileReport,
  NotAvailable,
  UnknownNode,
} from '@openvitale/decoder';
import { toHex } from '@openvitale/decoder';
import type {
  BlocJson,
  CertificatJson,
  DiagnosticJson,
  FichierJson,
  InconnuJson,
  MemoireVitale1Json,
  NonLuJson,
  RepertoireJson,
} from './types.js';
import { MOTIF, STATUT, TYPE_CERTIFICAT, TYPE_FICHIER } from './vocabulary.js';

/** Card internals (files, directory, dump, diagnostics): for support, never in identification-only output. */

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

export const nonLuJson = (missing: NotAvailable): NonLuJson => ({
  motif: MOTIF[missing.reason],
  libelle: missing.message,
});

export function hexOrNull(bytes: Uint8Array | null, redact: boolean): string | null {
  return bytes === null || redact ? null : toHex(bytes);
}

export function inconnuJson(node: UnknownNode, redact: boolean): InconnuJson {
  return {
    chemin: node.path,
    tag: node.tag,
    position: node.offset,
    longueur: node.length,
    octets: hexOrNull(node.raw, redact),
  };
}

export function repertoireJson(card: Card): RepertoireJson | null {
  const dir = card.directory;
  if (dir === null) return null;
  return {
    listeApplications: dir.applications.map((app) => ({
      entree: app.entry.value,
      aid: toHex(app.aid.value),
      nom: app.name,
    })),
    listeFichiers: dir.files.map((file) => ({
      nom: file.name.value,
      application: file.application.value,
      fid: hex4(file.fid.value),
    })),
  };
}

export function fichierJson(file: FileReport, redact: boolean): FichierJson {
  const { location } = file;
  return {
    index: file.index,
    type: TYPE_FICHIER[file.kind],
    aid: location.aid === undefined ? null : toHex(location.aid),
    fid: location.fid === undefined ? null : hex4(location.fid),
    sfi: location.sfi ?? null,
    nom: location.name ?? null,
    statut: STATUT[file.status],
    sw: file.sw === null ? null : hex4(file.sw),
    motif: file.reason,
    octets: hexOrNull(file.data, redact),
    listeInconnus: file.unknown.map((node) => inconnuJson(node, redact)),
  };
}

export function certificatJson(blob: CertificateBlob, redact: boolean): CertificatJson {
  return {
    type: TYPE_CERTIFICAT[blob.kind],
    fichier: blob.file,
    chemin: blob.path,
    position: blob.offset,
    octets: hexOrNull(blob.raw, redact),
  };
}

export function memoireJson(card: Card, redact: boolean): MemoireVitale1Json | null {
  const dump = card.vitale1;
  if (dump === null) return null;
  return {
    info: hexOrNull(dump.info, redact),
    sousType: dump.subtype,
    listeBlocs: dump.chunks.map(
      (chunk): BlocJson => ({
        index: chunk.index,
        adresse: hex4(chunk.address),
        statut: STATUT[chunk.status],
        sw: chunk.sw === null ? null : hex4(chunk.sw),
        octets: hexOrNull(chunk.raw, redact),
        quartets: redact ? null : chunk.nibbles,
      }),
    ),
  };
}

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return { code: d.code, message: d.message, position: d.offset, chemin: d.path };
}
