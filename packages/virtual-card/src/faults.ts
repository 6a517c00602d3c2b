import { OpenVitaleError } from '@openvitale/errors';

/**
 * Faults a test can plan on a card, by APDU number: 1 for the first command
 * the card receives after insertion, counted across resets.
 */
export type Fault =
  /** The card leaves the reader when APDU `apdu` arrives: it is never answered. */
  | { readonly type: 'remove-before'; readonly apdu: number }
  /** The card answers APDU `apdu`, then leaves the reader. */
  | { readonly type: 'remove-after'; readonly apdu: number }
  /** From APDU `apdu` on the card answers nothing, until it is reset or powered again. */
  | { readonly type: 'mute'; readonly apdu: number }
  /** APDU `apdu` (or every one) is answered `ms` later than it would be. */
  | { readonly type: 'late'; readonly apdu: number | 'all'; readonly ms: number }
  /** APDU `apdu` is answered with this status word alone; the card does not run it. */
  | { readonly type: 'status'; readonly apdu: number; readonly sw: number }
  /** The response to APDU `apdu` has its byte at `offset` (default 0) XORed with `xor` (default FF). */
  | { readonly type: 'corrupt'; readonly apdu: number; readonly offset?: number; readonly xor?: number };

/** What the planned faults do to APDU `n`. */
export interface FaultEffect {
  readonly removeBefore: boolean;
  readonly removeAfter: boolean;
  readonly mute: boolean;
  readonly delayMs: number;
  readonly sw: number | undefined;
  readonly corrupt: readonly { readonly offset: number; readonly xor: number }[];
}

export function faultsAt(faults: readonly Fault[], n: number): FaultEffect {
  const at = faults.filter((f) => f.apdu === n || f.apdu === 'all');
  const status = at.find((f) => f.type === 'status');
  return {
    removeBefore: at.some((f) => f.type === 'remove-before'),
    removeAfter: at.some((f) => f.type === 'remove-after'),
    mute: at.some((f) => f.type === 'mute'),
    delayMs: at.reduce((ms, f) => ms + (f.type === 'late' ? f.ms : 0), 0),
    sw: status?.sw,
    corrupt: at.flatMap((f) => (f.type === 'corrupt' ? [{ offset: f.offset ?? 0, xor: f.xor ?? 0xff }] : [])),
  };
}

/** A copy of `response` with the planned bytes flipped (an offset past the end flips the last byte). */
export function corrupt(response: Uint8Array, flips: FaultEffect['corrupt']): Uint8Array {
  const out = response.slice();
  for (const { offset, xor } of flips) {
    const i = Math.min(offset, out.length - 1);
    if (i >= 0) out[i] = out[i]! ^ xor;
  }
  return out;
}

function invalidFault(summary: string): OpenVitaleError {
  return new OpenVitaleError('INVALID_FAULT', summary, {
    action: 'correct the fault (see Fault in the virtual-card README)',
  });
}

/** Checks a fault list given from outside (the CLI, a JSON file): a bad one is `INVALID_FAULT`. */
export function checkFaults(faults: readonly Fault[]): void {
  for (const fault of faults) {
    const apduOk =
      fault.apdu === 'all' ? fault.type === 'late' : Number.isInteger(fault.apdu) && fault.apdu >= 1;
    if (!apduOk) throw invalidFault(`fault ${fault.type}: apdu must be an integer from 1`);
    if (fault.type === 'late' && !(fault.ms >= 0)) throw invalidFault('fault late: ms must be 0 or more');
    if (fault.type === 'status' && !(Number.isInteger(fault.sw) && fault.sw >= 0 && fault.sw <= 0xffff)) {
      throw invalidFault('fault status: sw must be a 16-bit status word');
    }
  }
}
