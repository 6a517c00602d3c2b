import { TransportError } from '@openvitale/transport';
import { PcscFailure } from './binding/port.js';
import { PCSC_CODES, type PcscCodeName, pcscCodeName } from './pcsc-codes.js';

/** What the failing call was doing, for the message: `Connecting to "Reader 0"`. */
export interface FailureContext {
  readonly action: string;
  readonly reader?: string;
}

const EXPLANATIONS: Partial<Record<PcscCodeName, string>> = {
  SCARD_E_NO_SERVICE: 'the PC/SC service is not running',
  SCARD_E_SERVICE_STOPPED: 'the PC/SC service stopped',
  SCARD_F_INTERNAL_ERROR: 'the PC/SC service failed internally',
  SCARD_F_COMM_ERROR: 'the connection to the PC/SC service was lost',
  SCARD_E_NO_READERS_AVAILABLE: 'no smart card reader is connected',
  SCARD_E_UNKNOWN_READER: 'there is no such reader',
  SCARD_E_NO_SMARTCARD: 'there is no card in the reader',
  SCARD_W_REMOVED_CARD: 'the card was removed',
  SCARD_W_RESET_CARD: 'the card was reset by another application',
  SCARD_E_SHARING_VIOLATION: 'another application holds the reader exclusively',
  SCARD_E_READER_UNAVAILABLE: 'the reader was unplugged or is unavailable',
  SCARD_W_UNRESPONSIVE_CARD: 'the card does not answer (mute; is it inserted the right way?)',
  SCARD_W_UNPOWERED_CARD: 'the card is not powered',
  SCARD_W_UNSUPPORTED_CARD: 'the reader cannot talk to this card (bad or unsupported ATR)',
  SCARD_E_CANCELLED: 'the call was cancelled',
  SCARD_E_TIMEOUT: 'the reader did not answer in time',
  SCARD_E_INVALID_HANDLE: 'the connection is no longer valid (was the PC/SC service restarted?)',
};

/** What to do, where the code's default action is not the right one. */
const ACTIONS: Partial<Record<PcscCodeName, string>> = {
  // macOS starts its PC/SC service with the first reader plugged in [M, pcsc-lite and pyscard notes].
  SCARD_E_NO_SERVICE:
    'start the PC/SC service (Debian/Ubuntu: `sudo apt install pcscd && sudo systemctl enable --now pcscd.socket`; ' +
    'Fedora/RHEL: `sudo dnf install pcsc-lite && sudo systemctl enable --now pcscd.socket`; ' +
    'Windows: the Smart Card service; macOS: plug a reader in), then try again',
  SCARD_W_RESET_CARD: 'open the reader again',
  // Wine's winscard.dll answers this to every call: it has no smart card service behind it.
  SCARD_F_INTERNAL_ERROR:
    'restart the PC/SC service (Linux: `sudo systemctl restart pcscd`; Windows: the Smart Card service, ' +
    'or the computer), then try again; under Wine, which has no smart card service, every call fails so',
};

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

function where(context: FailureContext): string {
  return context.reader === undefined ? context.action : `${context.action} "${context.reader}"`;
}

/** A `TransportError` for a failed PC/SC call, the `SCARD_*` name kept as `nativeCode`. */
export function pcscError(pcscCode: number, context: FailureContext, cause?: unknown): TransportError {
  const name = pcscCodeName(pcscCode);
  if (name === undefined) {
    return new TransportError('PROTOCOL', `${where(context)} failed: unknown PC/SC code ${hex(pcscCode)}`, {
      nativeCode: hex(pcscCode),
      cause,
    });
  }
  const [, code] = PCSC_CODES[name];
  const explanation = EXPLANATIONS[name] ?? (cause instanceof Error ? cause.message : 'PC/SC call failed');
  const action = ACTIONS[name];
  return new TransportError(code, `${where(context)} failed: ${explanation}`, {
    nativeCode: name,
    detail: `${name} (${hex(pcscCode)})`,
    cause,
    ...(action === undefined ? {} : { action }),
  });
}

/** Maps whatever a port call threw; a `TransportError` passes through unchanged. */
export function toTransportError(error: unknown, context: FailureContext): TransportError {
  if (TransportError.isInstance(error)) return error;
  if (error instanceof PcscFailure) return pcscError(error.pcscCode, context, error);
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError('PROTOCOL', `${where(context)} failed: ${message}`, { cause: error });
}

/** After this error the PC/SC context is dead: pcscd stopped or restarted. Establish a new one. */
export function isContextLost(error: TransportError): boolean {
  return error.code === 'SERVICE_UNAVAILABLE' || error.nativeCode === 'SCARD_E_INVALID_HANDLE';
}
