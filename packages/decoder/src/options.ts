import { OpenVitaleError } from '@openvitale/errors';

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

/**
 * The highest limits a caller may set: far above any card file, well below
 * what the parser can take (its recursion overflows the stack past about
 * 2,700 levels; every node is an object kept in memory).
 */
export const MAX_LIMITS: Limits = { maxInputLength: 16_777_216, maxDepth: 64, maxNodes: 100_000 };

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

/** The options with their defaults; limits that are not whole numbers from 1 to `MAX_LIMITS` are `INVALID_LIMITS`. */
export function resolveOptions(options: DecodeOptions = {}): ResolvedOptions {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const name of Object.keys(MAX_LIMITS) as (keyof Limits)[]) {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 1 || value > MAX_LIMITS[name]) {
      throw new OpenVitaleError(
        'INVALID_LIMITS',
        `limits.${name} must be a whole number from 1 to ${MAX_LIMITS[name]}; got ${value}`,
        { action: 'give limits within DEFAULT_LIMITS and MAX_LIMITS, or leave them out' },
      );
    }
  }
  return { strict: options.strict ?? false, limits };
}
