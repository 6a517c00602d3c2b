const AGENT_ERROR = Symbol.for('@openvitale/agent.AgentError');

/** Why the agent refused a request or a start; each maps to one HTTP status. */
export type AgentErrorCode =
  | 'NOT_LOOPBACK'
  | 'BAD_OPTIONS'
  | 'BAD_HOST'
  | 'ORIGIN_REQUIRED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'UNPAIRED'
  | 'BAD_TOKEN'
  | 'RATE_LIMITED'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAIRING_FAILED'
  | 'BUSY'
  | 'TOKENS_FILE';

const STATUS: Record<AgentErrorCode, number> = {
  NOT_LOOPBACK: 500,
  BAD_OPTIONS: 500,
  BAD_HOST: 403,
  ORIGIN_REQUIRED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  UNPAIRED: 401,
  BAD_TOKEN: 401,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAIRING_FAILED: 403,
  BUSY: 503,
  /** The tokens file is damaged: every token is refused until it is fixed. */
  TOKENS_FILE: 503,
};

/** A refusal with a stable `code`, answered as `{ "error": { code, message } }`. */
export class AgentError extends Error {
  readonly [AGENT_ERROR] = true;
  override readonly name = 'AgentError';
  readonly code: AgentErrorCode;
  /** Seconds a client should wait before trying again (rate limits). */
  readonly retryAfterS: number | undefined;

  constructor(code: AgentErrorCode, message: string, options: { retryAfterS?: number } = {}) {
    super(message);
    this.code = code;
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return STATUS[this.code];
  }

  static isInstance(value: unknown): value is AgentError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[AGENT_ERROR] === true
    );
  }
}
