import type { Field, Person } from '@openvitale/decoder';
import { dateJson, periodJson } from '../dates.js';
import { isOwnNir, nirJson } from '../nir.js';
import type { ResolvedDocumentOptions } from '../options.js';
import { maskText } from '../redact.js';
import { hexOrNull, inconnuJson } from './card.js';
import { amcJson, amoJson, mutuelleJson } from './rights.js';
import type { BeneficiaireJson, BrutJson, IdentJson, SourceJson } from './types.js';

function text(field: Field<string> | null, redact: boolean): string | null {
  if (field === null) return null;
  return redact ? maskText(field.value) : field.value;
}

export function identJson(person: Person, options: ResolvedDocumentOptions): IdentJson {
  const { redact, nirFormat } = options;
  const nir = person.nir === null ? null : nirJson(person.nir.value, nirFormat, redact);
  const birth = person.birthDate?.value ?? null;
  const own = person.nir !== null && isOwnNir(person.nir.value, birth);
  return {
    nomUsuel: text(person.surname, redact),
    nomPatronymique: text(person.birthSurname, redact),
    prenomUsuel: text(person.givenName, redact),
    naissance: birth === null ? null : dateJson(birth),
    rangDeNaissance: person.birthRank,
    nir,
    nirCertifie: own ? nir : null,
    dateCertification: null,
    nationalite: person.nationality?.value ?? null,
    appariementNir: person.nirPairing,
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
  if (options.identificationOnly) return { index: person.index, ident };
  const path = `listeBenef/T_AsnBeneficiaire[${person.index}]`;
  const rights = person.rights.status === 'available' ? person.rights.value : null;
  const amo =
    rights?.amo || person.qualite
      ? amoJson(person.qualite, rights?.amo ?? null, options.centreCarte0000, `${path}/amo`)
      : undefined;
  const c2s = rights?.amo?.c2s;
  return {
    index: person.index,
    ident,
    ...(amo && { amo }),
    ...(c2s && { cmu: { typeCMU: c2s.type, periode: periodJson(c2s.period) } }),
    ...(rights?.mutuelle && { mutuelle: mutuelleJson(rights.mutuelle, `${path}/mutuelle`) }),
    ...(rights?.amc && { amc: amcJson(rights.amc) }),
    ...(person.rights.status === 'not-available' && {
      droitsNonLus: { motif: person.rights.reason, libelle: person.rights.message },
    }),
    brut: brutJson(person, options.redact),
  };
}
