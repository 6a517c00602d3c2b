import type {
  AcsRights,
  AmcRights,
  AmoRights,
  CodedValue,
  CoveragePeriod,
  MutuelleRights,
  WorkAccident,
  WorkAccidentRights,
} from '@openvitale/decoder';
import { periodJson } from '../dates.js';
import { FormatError } from '../errors.js';
import type {
  AcsJson,
  AmcJson,
  AmoJson,
  AtJson,
  CouvertureJson,
  ListeAtJson,
  MutuelleJson,
} from './types.js';

/** Régime général: the only régime the 6.31 `centreCarte` setting applies to (release note, [H]). */
const REGIME_GENERAL = '01';
const CENTRE_CARTE_FORCED = '0000';

/** Two exoneration labels and one modulation label at most (docs/domain/official-api.md §1.3, [M]). */
const MAX_EXO_LABELS = 3;
/** Up to 3 AMO rights periods (group 105) and up to 2 declared AT (group 103) [M]. */
const MAX_RIGHTS_PERIODS = 3;
const MAX_DECLARED_AT = 2;

function check(ok: boolean, message: string, path: string): void {
  if (!ok) throw new FormatError('INVALID_MODEL', message, path);
}

/** `amo` from the person's qualité and AMO rights; either may be missing. */
export function amoJson(
  qualite: CodedValue | null,
  amo: AmoRights | null,
  forceCentreCarte: boolean,
  path: string,
): AmoJson {
  if (amo !== null) {
    check(amo.exonerationLabels.length <= MAX_EXO_LABELS, 'More than 3 libelleExo', `${path}/libelleExo`);
    check(
      amo.rightsPeriods.length <= MAX_RIGHTS_PERIODS,
      'More than 3 rights periods',
      `${path}/listePeriodesDroits`,
    );
  }
  const general = amo?.regime.code === REGIME_GENERAL;
  return {
    qualBenef: qualite?.code ?? null,
    libelleQualBenef: qualite?.label ?? null,
    codeRegime: amo?.regime.code ?? null,
    libelleRegime: amo?.regime.label ?? null,
    caisse: amo?.caisse ?? null,
    centreGestion: amo?.centreGestionnaire ?? null,
    centreCarte: forceCentreCarte && general ? CENTRE_CARTE_FORCED : (amo?.centreCarte ?? null),
    codeGestion: amo?.codeGestion ?? null,
    listePeriodesDroits: (amo?.rightsPeriods ?? []).map(periodJson),
    libelleExo: amo?.exonerationLabels ?? [],
    medecinTraitant: amo?.medecinTraitant?.value ?? null,
    serviceAmo: amo?.serviceAmo ? { code: amo.serviceAmo.code, ...periodJson(amo.serviceAmo.period) } : null,
    listePeriodesCouverture: (amo?.coveragePeriods ?? []).map(couvertureJson),
    acs: amo?.acs ? acsJson(amo.acs) : null,
  };
}

function couvertureJson(c: CoveragePeriod): CouvertureJson {
  return {
    ...periodJson(c.period),
    codeAld: c.codeAld,
    codeSituation: c.codeSituation,
    codeExoStandard: c.exonerationCode,
    tauxStandard: c.rate,
    alsaceMoselle: c.alsaceMoselle,
  };
}

function acsJson(acs: AcsRights): AcsJson {
  return { typeContrat: acs.contract, libelle: acs.label };
}

export function mutuelleJson(m: MutuelleRights, path: string): MutuelleJson {
  check(
    m.periods.length <= MAX_RIGHTS_PERIODS,
    'More than 3 mutuelle periods',
    `${path}/listePeriodesDroits`,
  );
  return {
    numIdent: m.numIdent,
    garanties: m.garanties,
    indicTraitement: m.indicTraitement,
    services: m.services,
    aiguillageSts: m.aiguillageSts,
    libelle: m.label,
    listePeriodesDroits: m.periods.map(periodJson),
  };
}

export function amcJson(a: AmcRights): AmcJson {
  return {
    numComplB2: a.numComplB2,
    codeRoutageFlux: a.codeRoutageFlux,
    numAdherent: a.numAdherent,
    indicTraitement: a.indicTraitement,
    validiteDonnees: a.validity === null ? null : periodJson(a.validity),
    numEdi: a.numEdi,
    identifiantHote: a.hostId,
    nomDomaine: a.domainName,
  };
}

const atJson = (a: WorkAccident): AtJson => ({
  orgGestion: a.organism,
  code: a.code,
  identifiant: a.identifier,
});

/** `at1` = default organism, `at2`/`at3` = declared accidents: our reading of the dictionary, [L]. */
export function listeAtJson(w: WorkAccidentRights): ListeAtJson {
  check(w.accidents.length <= MAX_DECLARED_AT, 'More than 2 declared work accidents', 'listeat');
  const [first, second] = w.accidents;
  return {
    at1: w.defaultOrganism === null ? null : { orgGestion: w.defaultOrganism, code: null, identifiant: null },
    at2: first === undefined ? null : atJson(first),
    at3: second === undefined ? null : atJson(second),
  };
}
