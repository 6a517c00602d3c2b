import { OpenVitaleError } from '@openvitale/errors';

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
  | 'TOKENS_FILE'
  /** At start: an address the agent must hold is taken on its port (another agent, or another program). */
  | 'PORT_IN_USE';

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
  PORT_IN_USE: 500,
};

/** What the caller does about each refusal, unless the thrower says better. */
const ACTIONS: Record<AgentErrorCode, string> = {
  NOT_LOOPBACK: 'listen on 127.0.0.1 or ::1',
  BAD_OPTIONS: 'correct that option',
  BAD_HOST: 'call the agent as http://127.0.0.1 on its port',
  ORIGIN_REQUIRED: 'call this route from a web page (the browser sends the Origin header)',
  ORIGIN_NOT_ALLOWED:
    'ask the user to allow this origin (openvitale serve --allow-origin, or allowedOrigins)',
  UNPAIRED: 'pair first: POST /v1/pair, then confirm the code the agent shows',
  BAD_TOKEN: 'pair again',
  RATE_LIMITED: 'wait, then try again',
  TOO_LARGE: 'send a smaller body',
  UNSUPPORTED_MEDIA_TYPE: 'send the body as application/json',
  BAD_REQUEST: 'correct the request (the agent README documents every route and field)',
  NOT_FOUND: 'call a route of the API, under /v1',
  METHOD_NOT_ALLOWED: 'use the method the route documents',
  PAIRING_FAILED: 'ask to pair again',
  BUSY: 'try again later',
  TOKENS_FILE: 'delete the tokens file: every application then pairs again',
  PORT_IN_USE: 'stop the agent already running there, or choose another port',
};

/** A refusal with a stable `code`, answered as `{ "error": { code, message } }`. */
export class AgentError extends OpenVitaleError {
  readonly [AGENT_ERROR] = true;
  override readonly name = 'AgentError';
  declare readonly code: AgentErrorCode;
  /** Seconds a client should wait before trying again (rate limits). */
  readonly retryAfterS: number | undefined;

  constructor(
    code: AgentErrorCode,
    message: string,
    options: { retryAfterS?: number; action?: string; cause?: unknown } = {},
  ) {
    super(code, message, { action: options.action ?? ACTIONS[code], cause: options.cause });
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return STATUS[this.code];
  }

  static override isInstance(value: unknown): value is AgentError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[AGENT_ERROR] === true
    );
  }
}
