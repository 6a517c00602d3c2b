/**
 * The marker every OpenVitale error carries, through `Symbol.for` so that an
 * error thrown by another installed copy (a duplicated dependency tree, two
 * versions side by side) is still recognised: `instanceof` is not.
 */
const OPENVITALE_ERROR = Symbol.for('@openvitale/error');

export interface OpenVitaleErrorOptions {
  /** What to do about it, in the terms of the library that threw it (no command of a tool it may lack). */
  readonly action: string;
  /**
   * The native or card detail, for logs and support: a PC/SC or GALSS code, a
   * status word and its command, an errno. Kept out of the message.
   */
  readonly detail?: string | undefined;
  readonly cause?: unknown;
}

/** The plain-object form (`JSON.stringify(error)`), for logs and JSON answers. */
export interface OpenVitaleErrorJson {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly summary: string;
  readonly action: string;
  readonly detail?: string;
}

/**
 * The root of every error an `@openvitale/*` package throws. `message` is
 * `summary` (what happened) then `action` (what to do), for a person; `code`
 * is stable, for a program; `detail` holds the native or card detail apart.
 * Each package's own classes (`TransportError`, `ReadError`, ...) extend it.
 */
export class OpenVitaleError extends Error {
  override name = 'OpenVitaleError';
  readonly code: string;
  /** What happened, in one sentence, without the action. */
  readonly summary: string;
  readonly action: string;
  readonly detail: string | undefined;

  constructor(code: string, summary: string, options: OpenVitaleErrorOptions) {
    super(
      withAction(summary, options.action),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.summary = trimEnd(summary);
    this.action = trimEnd(options.action);
    this.detail = options.detail;
  }

  toJSON(): OpenVitaleErrorJson {
    const { name, code, message, summary, action, detail } = this;
    return { name, code, message, summary, action, ...(detail === undefined ? {} : { detail }) };
  }

  /** The same check as `isOpenVitaleError`. */
  static isInstance(value: unknown): value is OpenVitaleError {
    return isOpenVitaleError(value);
  }
}

// On the prototype, not on each instance: inherited by every subclass, and absent from printed errors.
Object.defineProperty(OpenVitaleError.prototype, OPENVITALE_ERROR, { value: true });

/** True for an error of any `@openvitale/*` package, of any installed copy or version. */
export function isOpenVitaleError(value: unknown): value is OpenVitaleError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[OPENVITALE_ERROR] === true
  );
}

/** `summary: action`, never doubling punctuation whatever either ends with. */
export function withAction(summary: string, action: string): string {
  const what = trimEnd(summary);
  const todo = trimEnd(action);
  return todo === '' ? what : `${what}: ${todo}`;
}

function trimEnd(text: string): string {
  return text.replace(/[\s.:;,]+$/, '');
}
