import type {
  AmoJson,
  BeneficiaireJson,
  CardDocument,
  CarteJson,
  DateJson,
  IdentJson,
  InconnuJson,
  ListeAtJson,
  PeriodeJson,
} from '../json/types.js';

/**
 * The XML as a tree of elements, before serialisation: every value is text,
 * children keep their order, a repeated element is an array. It is also
 * what `parseXml` gives back, which is how the round trip is checked.
 */
export interface XmlElement {
  readonly [name: string]: XmlValue;
}
/** Text, one child element, or a repeated element (elements, or text for `libelleExo`). */
export type XmlValue = string | XmlElement | readonly XmlElement[] | readonly string[];

type Scalar = string | number | boolean | null | undefined;
type Entry = Scalar | XmlValue;

/** Our elements: a `null`/absent value drops the element; numbers and booleans become text. */
function el(entries: Readonly<Record<string, Entry>>): XmlElement {
  const out: Record<string, XmlValue> = {};
  for (const [name, value] of Object.entries(entries)) {
    if (value === null || value === undefined) continue;
    out[name] = typeof value === 'object' ? value : String(value);
  }
  return out;
}

/** A list element holding repeated `item`s; dropped when empty. */
function list(item: string, items: readonly XmlElement[]): XmlElement | null {
  return items.length === 0 ? null : { [item]: items };
}

const dateEl = (d: DateJson | null): XmlElement | null =>
  d === null ? null : el({ date: d.date, dateEnCarte: d.dateEnCarte, lunaire: d.lunaire });

/** Official `debut`/`fin`, both always present; an empty `fin` is an open-ended period. */
const periodEl = (p: PeriodeJson): XmlElement => ({ debut: p.debut ?? '', fin: p.fin ?? '' });

const inconnusEl = (nodes: readonly InconnuJson[]): XmlElement | null =>
  list(
    'inconnu',
    nodes.map((n) =>
      el({ chemin: n.chemin, tag: n.tag, position: n.position, longueur: n.longueur, octets: n.octets }),
    ),
  );

function carteEl(c: CarteJson): XmlElement {
  const r = c.repertoire;
  const m = c.memoireVitale1;
  return el({
    generation: c.generation,
    atr: c.atr,
    portee: c.portee,
    debutValidite: dateEl(c.debutValidite),
    droitsNonLus: c.droitsNonLus && el({ ...c.droitsNonLus }),
    repertoire:
      r &&
      el({
        listeApplications: list(
          'application',
          r.listeApplications.map((a) => el({ entree: a.entree, aid: a.aid, nom: a.nom })),
        ),
        listeFichiers: list(
          'fichier',
          r.listeFichiers.map((f) => el({ nom: f.nom, application: f.application, fid: f.fid })),
        ),
      }),
    listeFichiers: list(
      'fichier',
      (c.listeFichiers ?? []).map((f) => el({ ...f, listeInconnus: inconnusEl(f.listeInconnus) })),
    ),
    listeCertificats: list(
      'certificat',
      (c.listeCertificats ?? []).map((x) => el({ ...x })),
    ),
    memoireVitale1:
      m &&
      el({
        info: m.info,
        sousType: m.sousType,
        champs: el({ ...m.champs }),
        listeBlocs: list(
          'bloc',
          m.listeBlocs.map((b) => el({ ...b })),
        ),
      }),
    listeDiagnostics: list(
      'diagnostic',
      (c.listeDiagnostics ?? []).map((d) => el({ ...d })),
    ),
  });
}

/** Official `ident` children are always present (empty when unknown): consumers read them unconditionally. */
function identEl(i: IdentJson): XmlElement {
  return el({
    nomUsuel: i.nomUsuel ?? '',
    nomPatronymique: i.nomPatronymique ?? '',
    prenomUsuel: i.prenomUsuel ?? '',
    naissance: dateEl(i.naissance) ?? { date: '', dateEnCarte: '' },
    rangDeNaissance: i.rangDeNaissance ?? '',
    nir: i.nir?.valeur ?? '',
    nirCertifie: i.nirCertifie?.valeur ?? '',
    dateCertification: i.dateCertification ?? '',
    nationalite: i.nationalite,
    appariementNir: i.appariementNir,
  });
}

function amoEl(a: AmoJson): XmlElement {
  return el({
    qualBenef: a.qualBenef,
    codeRegime: a.codeRegime,
    caisse: a.caisse,
    centreGestion: a.centreGestion,
    centreCarte: a.centreCarte,
    codeGestion: a.codeGestion,
    listePeriodesDroits: list('element', a.listePeriodesDroits.map(periodEl)),
    libelleExo: a.libelleExo.length === 0 ? null : a.libelleExo,
    medecinTraitant: a.medecinTraitant,
    serviceAmo: a.serviceAmo && el({ code: a.serviceAmo.code, ...periodEl(a.serviceAmo) }),
    listePeriodesCouverture: list(
      'element',
      a.listePeriodesCouverture.map((c) =>
        el({
          ...periodEl(c),
          codeAld: c.codeAld,
          codeSituation: c.codeSituation,
          codeExoStandard: c.codeExoStandard,
          tauxStandard: c.tauxStandard,
          alsaceMoselle: c.alsaceMoselle,
        }),
      ),
    ),
    acs: a.acs && el({ ...a.acs }),
  });
}

function beneficiaireEl(b: BeneficiaireJson): XmlElement {
  const { amc, mutuelle } = b;
  return el({
    ident: identEl(b.ident),
    amo: b.amo && amoEl(b.amo),
    cmu: b.cmu && { typeCMU: b.cmu.typeCMU, periode: periodEl(b.cmu.periode) },
    mutuelle:
      mutuelle &&
      el({
        ...mutuelle,
        listePeriodesDroits: list('element', mutuelle.listePeriodesDroits.map(periodEl)),
      }),
    amc:
      amc &&
      el({
        numComplB2: amc.numComplB2,
        codeRoutageFlux: amc.codeRoutageFlux,
        numAdherent: amc.numAdherent,
        indicTraitement: amc.indicTraitement,
        validiteDonnees: amc.validiteDonnees && periodEl(amc.validiteDonnees),
        numEdi: amc.numEdi,
        identifiantHote: amc.identifiantHote,
        nomDomaine: amc.nomDomaine,
      }),
    droitsNonLus: b.droitsNonLus && el({ ...b.droitsNonLus }),
  });
}

function listeAtEl(l: ListeAtJson): XmlElement {
  return el({
    at1: l.at1 && el({ ...l.at1 }),
    at2: l.at2 && el({ ...l.at2 }),
    at3: l.at3 && el({ ...l.at3 }),
  });
}

export const ROOT = 'T_AsnDonneesVitale';

/** The document as an XML tree: official names and order first in each element, ours after. */
export function xmlTree(doc: CardDocument): XmlElement {
  const { sortie } = doc;
  return {
    [ROOT]: el({
      sortie: el({ versionSchema: doc.schemaVersion, ...sortie }),
      carte: carteEl(doc.carte),
      listeBenef: list('T_AsnBeneficiaire', doc.listeBenef.map(beneficiaireEl)) ?? '',
      listeat: doc.listeat && listeAtEl(doc.listeat),
    }),
  };
}
