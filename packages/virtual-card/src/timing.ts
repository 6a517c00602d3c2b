import { decodeCommand } from '@openvitale/transport';

/**
 * How long an exchange takes on a real reader, to make benchmarks through
 * pcscd measure something physical. T=0 is half-duplex at one character per
 * 12 etu (start bit, 8 data bits, parity, 2 etu of guard time with TC1 = 0);
 * one etu is Fi/Di clock cycles (ISO/IEC 7816-3 7.1).
 *
 * Vitale 2 defaults, from its ATR: TA1 = 13 → Fi = 372, Di = 4 → 93 cycles
 * per etu; at 3.57 MHz that is 26.05 µs per etu, 312.6 µs per character.
 * `readerOverheadMs` stands for everything that is not the card's line: one
 * CCID command/response over USB full speed costs at least one 1 ms frame.
 */
export interface TimingModel {
  readonly clockHz: number;
  readonly fi: number;
  readonly di: number;
  readonly etuPerCharacter: number;
  readonly readerOverheadMs: number;
}

const FI = [372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0];
const DI = [0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0];

export const DEFAULT_CLOCK_HZ = 3_570_000;
export const DEFAULT_READER_OVERHEAD_MS = 1;

/** Fi and Di from TA1 of an ATR; without TA1 the defaults Fi 372, Di 1 (ISO/IEC 7816-3 8.3). */
export function ratesFromAtr(atr: Uint8Array): { fi: number; di: number } {
  const t0 = atr[1] ?? 0;
  const ta1 = t0 & 0x10 ? (atr[2] ?? 0x11) : 0x11;
  const fi = FI[ta1 >> 4] ?? 0;
  const di = DI[ta1 & 0x0f] ?? 0;
  // Reserved values: a card with them would not work; fall back to the defaults.
  return fi > 0 && di > 0 ? { fi, di } : { fi: 372, di: 1 };
}

/** The model for a card's ATR, with any figure overridden. */
export function timingFromAtr(atr: Uint8Array, overrides: Partial<TimingModel> = {}): TimingModel {
  return {
    clockHz: DEFAULT_CLOCK_HZ,
    ...ratesFromAtr(atr),
    etuPerCharacter: 12,
    readerOverheadMs: DEFAULT_READER_OVERHEAD_MS,
    ...overrides,
  };
}

/** Milliseconds per character on the line. */
export function characterTimeMs(model: TimingModel): number {
  return ((model.fi / model.di) * model.etuPerCharacter * 1000) / model.clockHz;
}

/**
 * Characters on the T=0 line for one exchange: the 5-byte header (a 4-byte
 * command still sends P3), one procedure byte when data move, the command
 * data (Lc bytes; a case-4 Le never travels on T=0), the response data, SW1 SW2.
 */
export function lineCharacters(command: Uint8Array, response: Uint8Array): number {
  let dataIn: number;
  try {
    dataIn = decodeCommand(command).data?.length ?? 0;
  } catch {
    dataIn = Math.max(0, command.length - 5);
  }
  const dataOut = Math.max(0, response.length - 2);
  return 5 + (dataIn + dataOut > 0 ? 1 : 0) + dataIn + dataOut + 2;
}

export function exchangeTimeMs(command: Uint8Array, response: Uint8Array, model: TimingModel): number {
  return model.readerOverheadMs + lineCharacters(command, response) * characterTimeMs(model);
}

/** The modelled time of a sequence of exchanges: the physical floor of a read. */
export function modelledTimeMs(
  exchanges: Iterable<{ readonly command: Uint8Array; readonly response: Uint8Array }>,
  model: TimingModel,
): number {
  let total = 0;
  for (const { command, response } of exchanges) total += exchangeTimeMs(command, response, model);
  return total;
}
