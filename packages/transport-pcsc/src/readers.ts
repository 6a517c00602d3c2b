import type { ReaderState } from '@openvitale/transport';
import { PNP_NOTIFICATION, type ReaderStatus, SCARD_STATE } from './binding/port.js';

/** A reader as `listReaders` reports it, with the PC/SC flags a diagnostic needs. */
export interface PcscReaderState extends ReaderState {
  /** Another application holds the card exclusively. */
  readonly exclusive: boolean;
  /** A card is present but did not answer its reset. */
  readonly mute: boolean;
}

export function readerState(status: ReaderStatus): PcscReaderState {
  const present = (status.state & SCARD_STATE.PRESENT) !== 0;
  const mute = (status.state & SCARD_STATE.MUTE) !== 0;
  return {
    name: status.name,
    card: present ? { atr: status.atr ?? new Uint8Array() } : null,
    exclusive: (status.state & SCARD_STATE.EXCLUSIVE) !== 0,
    mute,
  };
}

export function isRealReader(status: ReaderStatus): boolean {
  return status.name !== PNP_NOTIFICATION;
}
