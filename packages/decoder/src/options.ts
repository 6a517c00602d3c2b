/** Bounds that keep hostile input cheap. The defaults are far above any real card file. */
export interface Limits {
  /** Bytes of one file, or of the whole Vitale 1 dump, beyond which nothing is parsed. Default 65 536. */
  readonly maxInputLength: number;
  /** Nesting depth of constructed BER-TLV objects (top level = 1). Default 16. */
  readonly maxDepth: number;
  /** BER-TLV nodes in one file. Default 4 096. */
  readonly maxNodes: number;
}

export const DEFAULT_LIMITS: Limits = { maxInputLength: 65_536, maxDepth: 16, maxNodes: 4_096 };

export interface DecodeOptions {
  /** Throw one `DecodeError` carrying every diagnostic instead of returning them. Default false. */
  readonly strict?: boolean;
  /** Overrides of `DEFAULT_LIMITS`. */
  readonly limits?: Partial<Limits>;
}

export interface ResolvedOptions {
  readonly strict: boolean;
  readonly limits: Limits;
}

export function resolveOptions(options: DecodeOptions = {}): ResolvedOptions {
  return { strict: options.strict ?? false, limits: { ...DEFAULT_LIMITS, ...options.limits } };
}
