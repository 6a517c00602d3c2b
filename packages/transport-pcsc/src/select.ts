import { TransportError, toHex } from '@openvitale/transport';
import type { PcscReaderState } from './readers.js';

/** The reader name that `open` reads as "the reader holding an accepted card". */
export const AUTO = 'auto';

/** Which cards `open('auto')` takes; the caller's (transports know no card family). */
export type AcceptCard = (atr: Uint8Array, reader: string) => boolean;

function describe(reader: PcscReaderState): string {
  const card = reader.card ? `card ${toHex(reader.card.atr, ' ') || '(no ATR)'}` : 'empty';
  return `"${reader.name}" (${card})`;
}

function list(readers: readonly PcscReaderState[]): string {
  return readers.length === 0 ? 'no reader is connected' : `readers: ${readers.map(describe).join(', ')}`;
}

/**
 * The reader `target` designates among `readers`: its exact name, else the
 * one reader whose name contains it (case-insensitive), or for `auto` the
 * one reader holding a card that `accept` takes. None or several: a
 * `TransportError` naming what was seen, so the user can tell which to pick.
 */
export function selectReader(
  target: string,
  readers: readonly PcscReaderState[],
  accept: AcceptCard = () => true,
): PcscReaderState {
  if (target === AUTO) {
    const holding = readers.filter((r) => r.card && accept(r.card.atr, r.name));
    if (holding.length === 1) return holding[0]!;
    if (holding.length === 0) {
      const code = readers.length === 0 ? 'NO_READER' : 'NO_CARD';
      throw new TransportError(code, `No reader holds an accepted card; ${list(readers)}`);
    }
    throw new TransportError(
      'NO_READER',
      `Several readers hold an accepted card: ${holding.map(describe).join(', ')}`,
      { action: 'name the one to use' },
    );
  }
  const exact = readers.find((r) => r.name === target);
  if (exact) return exact;
  const needle = target.toLowerCase();
  const matching = readers.filter((r) => r.name.toLowerCase().includes(needle));
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0)
    throw new TransportError('NO_READER', `No reader matches "${target}"; ${list(readers)}`);
  throw new TransportError(
    'NO_READER',
    `"${target}" is ambiguous, it matches ${matching.length} readers: ${matching
      .map((r) => `"${r.name}"`)
      .join(', ')}`,
    { action: 'give more of the name' },
  );
}
