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
  | 'GOLDEN_MISMATCH';

const FORMAT_ERROR = Symbol.for('@openvitale/format.FormatError');

/** The error of this package: a stable `code`, and where in the output it happened. */
export class FormatError extends Error {
  readonly [FORMAT_ERROR] = true;
  override readonly name = 'FormatError';
  readonly code: FormatErrorCode;
  /** Element path in the output (e.g. `T_AsnDonneesVitale/listeBenef/T_AsnBeneficiaire[0]/ident/nomUsuel`), or the golden file; empty when global. */
  readonly path: string;

  constructor(code: FormatErrorCode, message: string, path = '') {
    super(path === '' ? message : `${message} (at ${path})`);
    this.code = code;
    this.path = path;
  }

  /** True for a `FormatError` of any installed copy of this package. */
  static isInstance(value: unknown): value is FormatError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FORMAT_ERROR] === true
    );
  }
}
