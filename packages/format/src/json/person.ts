import type { Field, NirPairing, Person } from '@openvitale/decoder';
import { dateJson, officialDate, periodJson } from '../dates.js';
import { nirOuvrantDroitJson, nirText, ownNirInference } from '../nir.js';
import type { ResolvedDocumentOptions } from '../options.js';
import { maskText } from '../redact.js';
import { hexOrNull, inconnuJson, nonLuJson } from './card.js';
import { amcJson, amoJson, mutuelleJson } from './rights.js';
import type { BeneficiaireJson, BrutJson, IdentJson, InferencesJson, SourceJson } from './types.js';

function text(field: Field<string> | null, redact: boolean): string | null {
  if (field === null) return null;
  return redact ? maskText(field.value) : field.value;
}

/** The pairing rules of the decoder (docs/domain/vitale-card.md §3.4, §8) [M]. */
const PAIRING: Readonly<Record<Exclude<NirPairing, 'none'>, InferencesJson['appariementNir']>> = {
  'same-template': {
    valeur: 'meme-gabarit',
    regle: "The NIR (93) was inside the person's own 65 template.",
  },
  positional: {
    valeur: 'par-position',
    regle:
      'The k-th 65 template of the NIR file goes with the k-th identity template: the only public pairing rule.',
  },
};

export function identJson(person: Person, options: ResolvedDocumentOptions): IdentJson {
  const { redact, nirFormat } = options;
  const nir = person.nir?.value ?? null;
  const certified = person.certifiedNir?.value ?? null;
  const birth = person.birthDate?.value ?? null;
  const certification = person.certificationDate?.value ?? null;
  return {
    nomUsuel: text(person.surname, redact),
    nomPatronymique: text(person.birthSurname, redact),
    prenomUsuel: text(person.givenName, redact),
    naissance: birth === null ? null : dateJson(birth),
    rangDeNaissance: person.birthRank,
    nir: nir === null ? null : nirText(nir, nirFormat, redact),
    nirCertifie: certified === null ? null : nirText(certified, nirFormat, redact),
    dateCertification: certification === null ? null : officialDate(certification),
    nationalite: person.nationality?.value ?? null,
    nirOuvrantDroit: nir === null ? null : nirOuvrantDroitJson(nir, redact),
    inferences: {
      appariementNir: person.nirPairing === 'none' ? null : PAIRING[person.nirPairing],
      nirPropre: nir === null ? null : ownNirInference(nir, birth),
    },
  };
}

function source(field: Field<unknown> | null, file: number | undefined, redact: boolean): SourceJson | null {
  if (field === null || file === undefined) return null;
  return {
    fichier: file,
    position: field.offset,
    longueur: field.length,
    octets: hexOrNull(field.raw, redact),
  };
}

function brutJson(person: Person, redact: boolean): BrutJson {
  const identity = person.templates.identity;
  const nirFile = person.nirPairing === 'positional' ? person.templates.nir?.file : identity?.file;
  return {
    nomUsuel: source(person.surname, identity?.file, redact),
    prenomUsuel: source(person.givenName, identity?.file, redact),
    naissance: source(person.birthDate, identity?.file, redact),
    nationalite: source(person.nationality, identity?.file, redact),
    nir: source(person.nir, nirFile, redact),
    listeInconnus: [...(identity?.unknown ?? []), ...(person.templates.nir?.unknown ?? [])].map((node) =>
      inconnuJson(node, redact),
    ),
  };
}

export function beneficiaireJson(person: Person, options: ResolvedDocumentOptions): BeneficiaireJson {
  const ident = identJson(person, options);
  if (options.content === 'identification') return { index: person.index, ident };
  const path = `listeBenef/T_AsnBeneficiaire[${person.index}]`;
  const rights = person.rights.status === 'available' ? person.rights.value : null;
  const amo = rights?.amo ?? null;
  const c2s = amo?.c2s ?? null;
  return {
    index: person.index,
    ident,
    amo: amo || person.qualite ? amoJson(person.qualite, amo, options.centreCarte0000, `${path}/amo`) : null,
    cmu: c2s && { typeCMU: c2s.type, periode: periodJson(c2s.period) },
    mutuelle: rights?.mutuelle ? mutuelleJson(rights.mutuelle, `${path}/mutuelle`) : null,
    amc: rights?.amc ? amcJson(rights.amc) : null,
    droitsNonLus: person.rights.status === 'not-available' ? nonLuJson(person.rights) : null,
    brut: brutJson(person, options.redact),
  };
}
