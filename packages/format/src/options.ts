import type { Card } from '@openvitale/decoder';
import type { Contenu } from './json/types.js';

/** Options shared by every output: they shape the document before it is written. */
export interface DocumentOptions {
  /**
   * Force `amo/centreCarte` to `0000` for persons of the régime général
   * (code régime `01`): the setting API 6.31 added for consistency with the
   * CDR/CDRi hospital tools (release note, [H]). Default `false`.
   */
  readonly centreCarte0000?: boolean;
  /** `compact`: 15 characters as on the card (the official form); `spaced`: a space before the key. Default `compact`. */
  readonly nirFormat?: 'compact' | 'spaced';
  /**
   * Narrow a full read to the identification of its persons, like API
   * 6.31's simplified read: `ident` only, no rights, no card internals (files,
   * dump, diagnostics, raw bytes). A card read for identification
   * (`card.content === 'identification'`) is always rendered so, whatever
   * this says. Default `false`.
   */
  readonly identificationOnly?: boolean;
  /**
   * Mask NIRs and names (and drop every raw byte that could hold them) for
   * logs and support files. Birth dates are kept: with the rang and the
   * qualité they tell the persons of one card apart. Default `false`.
   */
  readonly redact?: boolean;
}

/** What to do with a character the XML encoding cannot hold, or that XML forbids. */
export type UnrepresentablePolicy =
  /** Throw a `FormatError` naming the element and the code point (default): never a silent change. */
  | 'error'
  /**
   * Outside Latin-1: a numeric character reference (`&#338;` for Œ), lossless
   * for any XML parser. Characters XML forbids become `?`.
   */
  | 'char-ref'
  /**
   * Transliterate (Œ → OE, ’ → ', accents stripped when the base letter is
   * Latin-1), else `?`. Characters XML forbids become `?`.
   */
  | 'replace';

/**
 * `official`: only the element names of the official API, in its nesting (the
 * default, what a 6.31 consumer reads). `extended`: the same document plus
 * every other member of the JSON form, as elements in OpenVitale's namespace.
 */
export type XmlProfile = 'official' | 'extended';

/** Every `XmlProfile`, for a caller that takes one as text (the CLI's `--xml-profile`, the agent's `xmlProfile`). */
export const XML_PROFILES: readonly XmlProfile[] = ['official', 'extended'];

export interface XmlOptions extends DocumentOptions {
  /** Default `official`. */
  readonly profile?: XmlProfile;
  /** `ISO-8859-1` (default, as the official API) or `UTF-8`; declared in the prolog. */
  readonly encoding?: 'ISO-8859-1' | 'UTF-8';
  readonly unrepresentable?: UnrepresentablePolicy;
  /**
   * Indent with two spaces, one element per line, a final line feed. Default
   * `false`: compact, no whitespace between elements and no final line feed,
   * as the official API writes it.
   */
  readonly pretty?: boolean;
}

export type TextOptions = DocumentOptions;

export interface ResolvedDocumentOptions {
  readonly centreCarte0000: boolean;
  readonly nirFormat: 'compact' | 'spaced';
  readonly content: Contenu;
  readonly redact: boolean;
}

/** The XML-only options; `toJson` resolves the document options. */
export interface ResolvedXmlOptions {
  readonly profile: XmlProfile;
  readonly encoding: 'ISO-8859-1' | 'UTF-8';
  readonly unrepresentable: UnrepresentablePolicy;
  readonly pretty: boolean;
}

export function resolveDocumentOptions(card: Card, options: DocumentOptions = {}): ResolvedDocumentOptions {
  const identification = options.identificationOnly === true || card.content === 'identification';
  return {
    centreCarte0000: options.centreCarte0000 ?? false,
    nirFormat: options.nirFormat ?? 'compact',
    content: identification ? 'identification' : 'complet',
    redact: options.redact ?? false,
  };
}

export function resolveXmlOptions(options: XmlOptions = {}): ResolvedXmlOptions {
  return {
    profile: options.profile ?? 'official',
    encoding: options.encoding ?? 'ISO-8859-1',
    unrepresentable: options.unrepresentable ?? 'error',
    pretty: options.pretty ?? false,
  };
}
