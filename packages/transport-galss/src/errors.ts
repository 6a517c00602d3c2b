import { TransportError, type TransportErrorCode } from '@openvitale/transport';

interface Meaning {
  readonly code: TransportErrorCode;
  readonly text: string;
  /** What to do, when GALSS calls for more than the code's general advice. */
  readonly action?: string;
}

/** The GALSS server and its galss.ini, not the PC/SC service, are what a GALSS site restarts or fixes. */
const START_SERVER =
  "start the GALSS server (galsvlux on Linux, galsvw32.exe or galsvw64.exe on Windows) with the site's galss.ini, then try again";
const FIX_INI =
  "fix the site's galss.ini (its channels, PADs and LADs), restart the GALSS server, then try again";

/**
 * GALSS status codes (docs/domain/official-api.md §2.2 [H] for the values and their
 * meaning; the mapping to `TransportError` codes is OpenVitale's choice).
 */
export const GALSS_ERRORS: Readonly<Record<number, Meaning>> = {
  1: { code: 'PROTOCOL', text: 'GALSS internal error' },
  2: {
    code: 'SERVICE_UNAVAILABLE',
    text: 'GALSS has no more session numbers',
    action: 'close the applications that use GALSS, or restart the GALSS server, then try again',
  },
  4: { code: 'SHARING_VIOLATION', text: 'the resource is held exclusively by another application' },
  8: { code: 'PROTOCOL', text: 'bad call sequence' },
  16: { code: 'PROTOCOL', text: 'output buffer too small' },
  32: { code: 'PROTOCOL', text: 'no context' },
  64: { code: 'PROTOCOL', text: 'aborted by the device' },
  128: { code: 'ABORTED', text: 'aborted by the host' },
  256: { code: 'TIMEOUT', text: 'maximum time exceeded' },
  512: { code: 'READER_REMOVED', text: 'transmission error: the resource is unreachable' },
  1024: { code: 'TIMEOUT', text: 'no answer from the device' },
  2048: { code: 'BUSY', text: 'a session is already open for this application name' },
  4096: { code: 'CLOSED', text: 'unknown session' },
  8192: { code: 'NO_READER', text: 'unknown resource name' },
  16384: { code: 'PROTOCOL', text: 'bad parameter' },
  32769: { code: 'SERVICE_UNAVAILABLE', text: 'galss.ini is missing or damaged', action: FIX_INI },
  32770: { code: 'SERVICE_UNAVAILABLE', text: 'the GALSS server is not started', action: START_SERVER },
};

/** Above 0x8002 up to 0x8014: configuration and protocol-library errors (channel, PAD, LAD, names). */
const CONFIGURATION_ERRORS = { from: 0x8004, to: 0x8014 };

export const G_NOERROR = 0;
export const G_ERREXCL = 0x0004;
export const G_ERRBUFFER = 0x0010;
export const G_ERRSESSIONOUVERTE = 0x0800;
export const G_ERRRESSOURCE = 0x2000;

/** `0x2000` → `"2000"`, the form the vendor documents and support asks for. */
export function galssCodeHex(status: number): string {
  return status.toString(16).toUpperCase().padStart(4, '0');
}

export function describeGalssStatus(status: number): Meaning {
  const known = GALSS_ERRORS[status];
  if (known) return known;
  if (status >= CONFIGURATION_ERRORS.from && status <= CONFIGURATION_ERRORS.to) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      text: 'GALSS configuration or protocol-library error (see galss.ini)',
      action: FIX_INI,
    };
  }
  return { code: 'PROTOCOL', text: 'unknown GALSS error' };
}

/** A GALSS status as a `TransportError`, the status kept apart as `nativeCode` (`"GALSS 2000"`). */
export function galssError(status: number, what: string): TransportError {
  const { code, text, action } = describeGalssStatus(status);
  return new TransportError(code, `${what}: ${text}`, {
    nativeCode: `GALSS ${galssCodeHex(status)}`,
    ...(action === undefined ? {} : { action }),
  });
}

/** Terminal report codes (CR), read as the hex bytes the public facts write (docs/domain/official-api.md §2.3). */
export const TERMINAL_CRS: Readonly<Record<number, Meaning>> = {
  1: { code: 'PROTOCOL', text: 'unknown application' },
  2: { code: 'PROTOCOL', text: 'unknown command' },
  3: { code: 'PROTOCOL', text: 'command refused' },
  4: { code: 'CARD_REMOVED', text: 'the terminal re-initialised' },
  5: { code: 'TIMEOUT', text: 'time abort' },
  6: { code: 'PROTOCOL', text: 'receive abort' },
  7: { code: 'PROTOCOL', text: 'send abort' },
  8: { code: 'PROTOCOL', text: 'terminal hardware error' },
  16: { code: 'CARD_MUTE', text: 'card not supported' },
  17: { code: 'CARD_MUTE', text: 'mute card' },
  18: { code: 'PROTOCOL', text: 'card still present' },
  19: { code: 'PROTOCOL', text: 'incoherent instruction' },
  20: { code: 'PROTOCOL', text: 'not executed' },
  21: { code: 'PROTOCOL', text: 'value not accepted' },
  22: { code: 'CARD_REMOVED', text: 'counter mismatch: the card was swapped' },
  23: { code: 'NO_CARD', text: 'card absent' },
};

export const CR_OK = 0x00;
export const CR_COUNTER_MISMATCH = 0x16;
export const CR_CARD_ABSENT = 0x17;

export function describeTerminalCr(cr: number): Meaning {
  return TERMINAL_CRS[cr] ?? { code: 'PROTOCOL', text: 'unknown terminal report code' };
}

/**
 * A terminal CR as a `TransportError` (`nativeCode` `"CR 11"`). `refused` is
 * a one-byte answer: the service refused the command. A card that goes
 * absent after it was powered up was removed, not missing.
 */
export function terminalError(
  cr: number,
  what: string,
  context: { cardWasPresent?: boolean; refused?: boolean } = {},
) {
  const hex = cr < 0 ? '--' : cr.toString(16).toUpperCase().padStart(2, '0');
  const nativeCode = `CR ${hex}`;
  if (context.refused) {
    return new TransportError('PROTOCOL', `${what}: the terminal service refused the command`, {
      nativeCode,
    });
  }
  const meaning = describeTerminalCr(cr);
  const code = cr === CR_CARD_ABSENT && context.cardWasPresent ? 'CARD_REMOVED' : meaning.code;
  return new TransportError(code, `${what}: ${meaning.text}`, { nativeCode });
}
