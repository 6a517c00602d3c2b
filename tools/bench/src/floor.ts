import { modelledTimeMs, timingFromAtr } from '@openvitale/virtual-card';

/** One command and its response at the raw level (SW included), as a transport's `exchange` event has them. */
export interface Exchange {
  readonly command: Uint8Array;
  readonly response: Uint8Array;
}

/** What a read put on the wire: APDUs, bytes sent and received (response SW included). */
export interface Traffic {
  readonly apdus: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
}

export function traffic(exchanges: readonly Exchange[]): Traffic {
  let bytesOut = 0;
  let bytesIn = 0;
  for (const { command, response } of exchanges) {
    bytesOut += command.length;
    bytesIn += response.length;
  }
  return { apdus: exchanges.length, bytesOut, bytesIn };
}

/**
 * The physical floor of a read: the same exchanges on a real card and reader,
 * by the virtual card's own timing model (the card's baud rate from its ATR,
 * 3.57 MHz, 12 etu per character, the model's per-APDU reader overhead).
 */
export function floorMs(atr: Uint8Array, exchanges: readonly Exchange[]): number {
  return modelledTimeMs(exchanges, timingFromAtr(atr));
}
