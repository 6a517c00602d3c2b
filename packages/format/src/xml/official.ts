/**
 * The element names of the official XML of the closed API 6.31, in their
 * nesting and order: the only list of them. `null` marks an element without
 * children (a leaf, possibly repeated).
 *
 * Source: docs/domain/official-api.md §1.3, reconstructed from integrations
 * that parse the real XML. Names and nesting [H]; the root name [M]; no
 * complete real document is public, and the card-level elements (type,
 * serial number, validity) have names that are not public, so there are none
 * here [?]. The content of `cmu/periode` is not public either: it is written
 * empty.
 */
export interface OfficialElements {
  readonly [name: string]: OfficialElements | null;
}

const PERIODE: OfficialElements = { debut: null, fin: null };

export const OFFICIAL_ELEMENTS: OfficialElements = {
  T_AsnDonneesVitale: {
    listeBenef: {
      T_AsnBeneficiaire: {
        ident: {
          nomUsuel: null,
          nomPatronymique: null,
          prenomUsuel: null,
          naissance: { date: null, dateEnCarte: null },
          rangDeNaissance: null,
          nir: null,
          nirCertifie: null,
          dateCertification: null,
          adresse: { ligne1: null, ligne2: null, ligne3: null, ligne4: null, ligne5: null },
        },
        amo: {
          qualBenef: null,
          codeRegime: null,
          caisse: null,
          centreGestion: null,
          centreCarte: null,
          codeGestion: null,
          listePeriodesDroits: { element: PERIODE },
          libelleExo: null,
          medecinTraitant: null,
        },
        cmu: { typeCMU: null, periode: null },
        mutuelle: { numIdent: null },
        amc: {
          numComplB2: null,
          codeRoutageFlux: null,
          numAdherent: null,
          indicTraitement: null,
          validiteDonnees: PERIODE,
        },
      },
    },
    listeat: { at1: { orgGestion: null }, at2: { orgGestion: null }, at3: { orgGestion: null } },
  },
};

/** Every official element as a path from the root (`T_AsnDonneesVitale/listeBenef/…`). */
export function officialPaths(elements: OfficialElements = OFFICIAL_ELEMENTS, parent = ''): string[] {
  return Object.entries(elements).flatMap(([name, children]) => {
    const path = parent === '' ? name : `${parent}/${name}`;
    return [path, ...(children === null ? [] : officialPaths(children, path))];
  });
}
