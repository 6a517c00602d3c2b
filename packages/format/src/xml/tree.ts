import { FormatError } from '../errors.js';
import type { CardDocument } from '../json/types.js';
import type { XmlProfile } from '../options.js';
import { OFFICIAL_ELEMENTS, type OfficialElements } from './official.js';

/**
 * The XML as a tree of elements, before serialisation: every value is text,
 * children keep their order, a repeated element is an array. It is also
 * what `parseXml` gives back, which is how the round trip is checked.
 */
export interface XmlElement {
  readonly [name: string]: XmlValue;
}
/** Text, one child element, or a repeated element (elements, or text for `libelleExo`; an empty one is `''`). */
export type XmlValue = string | XmlElement | readonly (XmlElement | string)[];

export const ROOT = 'T_AsnDonneesVitale';

/** OpenVitale's namespace for its own elements (extended profile); it changes with the schema's major version. */
export const NAMESPACE = 'urn:openvitale:xml:1';
export const PREFIX = 'ov';

/**
 * A JSON array is a container element holding one item element per entry,
 * named here. An array not listed (`libelleExo`, of texts) is a repeated
 * element without container, as in the official XML.
 */
export const LIST_ITEMS: Readonly<Record<string, string>> = {
  listeBenef: 'T_AsnBeneficiaire',
  listePeriodesDroits: 'element',
  listePeriodesCouverture: 'element',
  listeApplications: 'application',
  listeFichiers: 'fichier',
  listeCertificats: 'certificat',
  listeBlocs: 'bloc',
  listeDiagnostics: 'diagnostic',
  listeInconnus: 'inconnu',
};

type Json = string | number | boolean | null | undefined | readonly Json[] | JsonObject;
interface JsonObject {
  readonly [member: string]: Json;
}

/** `spec`: the official children of this element, or `undefined` for one of ours. */
function children(object: JsonObject, spec: OfficialElements | undefined, profile: XmlProfile): XmlElement {
  const out: Record<string, XmlValue> = {};
  for (const [name, childSpec] of Object.entries(spec ?? {})) {
    const value = object[name];
    // Not in the document's content: left out. Not known: an empty leaf, or a block left out.
    if (value === undefined || (value === null && childSpec !== null)) continue;
    const child = value === null ? '' : node(name, value, childSpec, profile);
    if (child !== null) out[name] = child;
  }
  if (profile === 'official') return out;
  for (const [name, value] of Object.entries(object)) {
    if ((spec !== undefined && name in spec) || value === undefined || value === null) continue;
    const child = node(name, value, undefined, profile);
    if (child !== null) out[`${PREFIX}:${name}`] = child;
  }
  return out;
}

/** `spec`: `null` for an official leaf, its children for an official block, `undefined` for ours. */
function node(
  name: string,
  value: Exclude<Json, null | undefined>,
  spec: OfficialElements | null | undefined,
  profile: XmlProfile,
): XmlValue | null {
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[name];
    // A repeated text element: nothing at all when there is none.
    if (item === undefined) return value.length === 0 ? null : value.map(String);
    const itemSpec = spec?.[item];
    const key = spec === undefined || spec === null ? `${PREFIX}:${item}` : item;
    const items = (value as readonly JsonObject[]).map((entry) =>
      element(entry, itemSpec ?? undefined, profile),
    );
    return items.length === 0 ? '' : { [key]: items };
  }
  if (typeof value === 'object') return element(value as JsonObject, spec ?? undefined, profile);
  return String(value);
}

function element(
  object: JsonObject,
  spec: OfficialElements | undefined,
  profile: XmlProfile,
): XmlElement | string {
  const out = children(object, spec, profile);
  return Object.keys(out).length === 0 ? '' : out;
}

/**
 * The document as an XML tree: in each element the official children first,
 * in the official order, then (extended profile) every other member of the
 * JSON form as an element in OpenVitale's namespace. The official profile
 * refuses a document whose persons could not be decoded: it has no element
 * to say why, and an empty `listeBenef` would pass for a card without persons.
 */
export function xmlTree(doc: CardDocument, profile: XmlProfile = 'official'): XmlElement {
  const missing = doc.carte.personnesNonLues;
  if (profile === 'official' && missing !== null) {
    throw new FormatError(
      'PERSONS_NOT_DECODED',
      `No person could be decoded (${missing.libelle}) and the official profile has no element to say why`,
      `${ROOT}/listeBenef`,
    );
  }
  // A CardDocument is plain JSON.
  const json = doc as unknown as JsonObject;
  return { [ROOT]: element(json, OFFICIAL_ELEMENTS[ROOT] ?? undefined, profile) };
}
