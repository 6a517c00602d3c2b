import { OpenVitaleError } from '@openvitale/errors';

/** Why a card could not be formatted. */
export type FormatErrorCode =
  /** A character the chosen XML encoding cannot hold (ISO-8859-1: above U+00FF), with `unrepresentable: 'error'`. */
  | 'UNREPRESENTABLE_CHARACTER'
  /** A character XML 1.0 forbids (C0 controls, tab and line breaks included here, U+FFFE/U+FFFF, lone surrogates). */
  | 'INVALID_XML_CHARACTER'
  /** The model breaks a rule of the output (more than 3 `libelleExo`, more than 2 declared AT…). */
  | 'INVALID_MODEL'
  /**
   * The official profile was asked for a card whose persons could not be
   * decoded (a Vitale 1: its layout is not public): it has no element to say
   * why. The extended profile and JSON say it (`carte/personnesNonLues`).
   */
  | 'PERSONS_NOT_DECODED'
  /** `parseXml` was given something that is not one of our documents. */
  | 'INVALID_XML'
  /** `checkGoldens` (`@openvitale/format/goldens`): an output differs from its golden file, or the file is missing. */
  | 'GOLDEN_MISMATCH'
  /** `validateXmlFile` (`@openvitale/format/goldens`): the file does not validate against the schema. */
  | 'SCHEMA_INVALID';

/** What to do, for each code: the second half of every `FormatError` message. */
const ACTIONS: Readonly<Record<FormatErrorCode, string>> = {
  UNREPRESENTABLE_CHARACTER:
    "write the XML as UTF-8 (encoding: 'UTF-8'), or choose unrepresentable: 'char-ref' or 'replace'",
  INVALID_XML_CHARACTER: "choose unrepresentable: 'replace' to write it as ?, or correct the data",
  INVALID_MODEL: 'give the model decodeCard returned, unchanged',
  PERSONS_NOT_DECODED:
    "write the extended profile or JSON (profile: 'extended', or toJson), which say why there is no person",
  INVALID_XML: 'give a document toXml wrote',
  GOLDEN_MISMATCH:
    'check the difference; if it is intended, run again with UPDATE_GOLDENS=1 and review the rewritten files',
  SCHEMA_INVALID: 'correct the document, or the schema if the document is right',
};

const FORMAT_ERROR = Symbol.for('@openvitale/format.FormatError');

/** The error of this package: a stable `code`, and where in the output it happened. */
export class FormatError extends OpenVitaleError {
  readonly [FORMAT_ERROR] = true;
  override readonly name = 'FormatError';
  declare readonly code: FormatErrorCode;
  /** Element path in the output (e.g. `T_AsnDonneesVitale/listeBenef/T_AsnBeneficiaire[0]/ident/nomUsuel`), or the golden file; empty when global. */
  readonly path: string;

  /** `detail`: what the tool that found the problem said (xmllint's output). */
  constructor(code: FormatErrorCode, message: string, path = '', detail?: string) {
    super(code, path === '' ? message : `${message} (at ${path})`, { action: ACTIONS[code], detail });
    this.path = path;
  }

  /** True for a `FormatError` of any installed copy of this package. */
  static override isInstance(value: unknown): value is FormatError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FORMAT_ERROR] === true
    );
  }
}
