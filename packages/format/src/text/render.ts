import type { Card } from '@openvitale/decoder';
import { toJson } from '../json/document.js';
import type {
  AmoJson,
  BeneficiaireJson,
  CardDocument,
  DateJson,
  IdentJson,
  NirOuvrantDroitJson,
  NonLuJson,
  PeriodeJson,
} from '../json/types.js';
import type { TextOptions } from '../options.js';

/** Label column width: the longest label plus two spaces. */
const LABEL_WIDTH = 20;
const NONE = '-';

type Row = readonly [label: string, value: string | null];

function rows(list: readonly Row[], indent = '  '): string[] {
  return list
    .filter(([, value]) => value !== null)
    .map(([label, value]) => `${indent}${label.padEnd(LABEL_WIDTH)}${value}`.trimEnd());
}

const slash = (ddmmyyyy: string): string =>
  `${ddmmyyyy.slice(0, 2)}/${ddmmyyyy.slice(2, 4)}/${ddmmyyyy.slice(4)}`;

function dateText(d: DateJson | null): string {
  if (d === null) return NONE;
  return `${slash(d.date)}  (card ${d.dateEnCarte}${d.lunaire ? ', lunar' : ''})`;
}

function periodText(p: PeriodeJson): string {
  return `${p.debut === null ? '?' : slash(p.debut)} - ${p.fin === null ? 'open' : slash(p.fin)}`;
}

function nirText(nir: string | null, parts: NirOuvrantDroitJson | null): string {
  if (nir === null || parts === null) return NONE;
  const notes = [parts.cleValide ? 'key valid' : `KEY INVALID, expected ${parts.cleCalculee ?? '?'}`];
  if (parts.provisoire) notes.push('provisional');
  if (parts.lieuNaissance !== null && parts.lieuNaissance !== 'metropole') notes.push(parts.lieuNaissance);
  return `${nir}  (${notes.join(', ')})`;
}

function ownNirText(inference: IdentJson['inferences']['nirPropre']): string | null {
  if (inference === null) return null;
  return inference.valeur
    ? 'probably the same (its birth year and month agree)'
    : "probably another person's (its birth year or month differ)";
}

const coded = (code: string | null, label: string | null): string | null =>
  code === null ? null : label === null ? code : `${code} ${label}`;

function amoRows(a: AmoJson): Row[] {
  return [
    ['Qualite', coded(a.qualBenef, a.libelleQualBenef)],
    ['Regime', coded(a.codeRegime, a.libelleRegime)],
    ['Caisse', a.caisse],
    ['Centre gestion', a.centreGestion],
    ['Centre carte', a.centreCarte],
    ['Code gestion', a.codeGestion],
    ...a.listePeriodesDroits.map((p, i): Row => [i === 0 ? 'Rights periods' : '', periodText(p)]),
    ...a.listePeriodesCouverture.map(
      (c, i): Row => [
        i === 0 ? 'Coverage periods' : '',
        [periodText(c), c.codeAld && `ALD ${c.codeAld}`, c.codeSituation && `situation ${c.codeSituation}`]
          .filter(Boolean)
          .join(', '),
      ],
    ),
    ...a.libelleExo.map((label, i): Row => [i === 0 ? 'Exoneration' : '', label]),
    ['Medecin traitant', a.medecinTraitant],
    ['ACS', a.acs && coded(a.acs.typeContrat, a.acs.libelle)],
  ];
}

function personBlock(b: BeneficiaireJson, count: number): string[] {
  const i = b.ident;
  const lines = [`Person ${b.index + 1} of ${count}`];
  lines.push(
    ...rows([
      ['Surname', i.nomUsuel ?? NONE],
      ['Birth surname', i.nomPatronymique],
      ['Given name', i.prenomUsuel ?? NONE],
      ['Birth date', dateText(i.naissance)],
      ['Birth rank', i.rangDeNaissance === null ? null : String(i.rangDeNaissance)],
      ["Insured's NIR", nirText(i.nir, i.nirOuvrantDroit)],
      ["Person's own NIR", ownNirText(i.inferences.nirPropre)],
      ['Certified NIR', i.nirCertifie],
      ['NIR pairing', i.inferences.appariementNir?.valeur === 'par-position' ? 'by position' : null],
      ['Nationality', i.nationalite],
      ...(b.amo ? amoRows(b.amo) : []),
      ['C2S', b.cmu ? `${b.cmu.typeCMU}, ${periodText(b.cmu.periode)}` : null],
      ['Mutuelle', b.mutuelle ? [b.mutuelle.numIdent, b.mutuelle.libelle].filter(Boolean).join(' ') : null],
      ['AMC', b.amc ? [b.amc.numComplB2, b.amc.numAdherent].filter(Boolean).join(' / ') : null],
      ['Rights', b.droitsNonLus ? `not read (${b.droitsNonLus.motif})` : null],
    ]),
  );
  return lines;
}

const GENERATIONS: Readonly<Record<CardDocument['carte']['generation'], string>> = {
  'vitale-1': 'Carte Vitale 1',
  'vitale-2': 'Carte Vitale 2',
  'non-vitale': 'Not a carte Vitale',
};

/** `motif: libelle`; no row when it was read (`null`) or is not in the content (absent: identification). */
const notReadText = (n: NonLuJson | null | undefined): string | null =>
  n ? `${n.motif}: ${n.libelle}` : null;

function header(doc: CardDocument): string[] {
  const c = doc.carte;
  const title = [GENERATIONS[c.generation]];
  if (doc.sortie.contenu === 'identification') title.push('identification only');
  else if (c.portee === 'donnees-administratives') title.push('administrative data only');
  if (doc.sortie.masquage) title.push('redacted');
  const lines = [title.join(' - ')];
  const dump = c.memoireVitale1;
  lines.push(
    ...rows([
      ['ATR', c.atr],
      ['Card valid from', c.debutValidite ? dateText(c.debutValidite) : null],
      ['Persons not read', notReadText(c.personnesNonLues)],
      ['Rights not read', notReadText(c.droitsNonLus)],
      ['Memory dump', dump ? `${dump.listeBlocs.length} chunks, raw` : null],
      ['Diagnostics', c.listeDiagnostics?.length ? c.listeDiagnostics.map((d) => d.code).join(', ') : null],
    ]),
  );
  return lines;
}

function workAccidents(doc: CardDocument): string[] {
  const l = doc.listeat;
  if (!l) return [];
  const list = [l.at1, l.at2, l.at3].flatMap((at, i) =>
    at === null
      ? []
      : [[`at${i + 1}`, [at.orgGestion, at.code, at.identifiant].filter(Boolean).join(' ')] as Row],
  );
  return ['Work accidents', ...rows(list)];
}

/**
 * A human reading for terminals: a card header, then one aligned block per
 * person. Plain text (no colour), lines joined by `\n`, ending with one.
 */
export function toText(card: Card, options?: TextOptions): string {
  const doc = toJson(card, options);
  const blocks = [header(doc), ...doc.listeBenef.map((b) => personBlock(b, doc.listeBenef.length))];
  const at = workAccidents(doc);
  if (at.length > 0) blocks.push(at);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
