import type { RefusedCommand } from './iso/refused.js';

export type CardKind = 'vitale2' | 'vitale1' | 'cps' | 'unknown';

/**
 * A card as the reader's contacts see it: an ATR at power-up or reset, and
 * one response (SW included) for each command. Pure and synchronous: faults,
 * timing and connectors wrap it (`CardRunner`).
 */
export interface VirtualCard {
  readonly kind: CardKind;
  readonly atr: Uint8Array;
  /** Power-up or warm reset: volatile state (selection, pending answer) is lost. Returns the ATR. */
  reset(): Uint8Array;
  /** Power-off: volatile state is lost. */
  powerOff(): void;
  process(command: Uint8Array): Uint8Array;
  /** Every write, PIN or authentication command received so far, refused. */
  readonly refused: readonly RefusedCommand[];
}
