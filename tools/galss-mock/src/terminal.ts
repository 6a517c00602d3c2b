import type { CardSlot } from './card-slot.js';
import type { MockFault } from './config.js';

// PSS commands and terminal CR codes, as the public facts list them (docs/domain/official-api.md §2.3).
const PRESENCE = 0x16;
const POWER_ON = 0x14;
const POWER_OFF = 0x15;
const DATA_IN = 0x00;
const DATA_OUT = 0x01;
export const CR = {
  ok: 0x00,
  unknownApplication: 0x01,
  unknownCommand: 0x02,
  muteCard: 0x11,
  incoherent: 0x13,
  counterMismatch: 0x16,
  cardAbsent: 0x17,
} as const;

export interface TerminalState {
  readonly lad: number;
  readonly slot: CardSlot;
  readonly cardTimeoutMs: number;
  fault: MockFault | undefined;
}

/**
 * One PSS request to a LAD, answered `[CR][card state][counter][data...]`;
 * `null` when the terminal stays silent (the `no-answer` and `hang-card-commands` faults).
 */
export async function pssExchange(terminal: TerminalState, request: Uint8Array): Promise<Uint8Array | null> {
  const { slot } = terminal;
  const reply = (cr: number, data: Uint8Array = new Uint8Array(0)) =>
    Uint8Array.of(cr, slot.state, slot.counter, ...data);
  if (terminal.fault === 'no-answer') return null;
  // A one-byte answer: the service refused the command outright.
  if (request.length < 3 || request[0] !== 0x00) return Uint8Array.of(CR.unknownCommand);
  if (request[1] !== terminal.lad) return reply(CR.unknownApplication);
  const command = request[2]!;
  if (command === PRESENCE) return reply(CR.ok);
  if (!slot.present) return reply(CR.cardAbsent);
  if (command === POWER_ON) {
    if (terminal.fault === 'mute') return reply(CR.muteCard);
    const atr = await slot.powerOn(terminal.cardTimeoutMs);
    return atr ? reply(CR.ok, atr) : reply(CR.muteCard);
  }
  if (command === POWER_OFF) {
    slot.powerOff();
    return reply(CR.ok);
  }
  if (command !== DATA_IN && command !== DATA_OUT) return reply(CR.unknownCommand);
  if (terminal.fault === 'hang-card-commands') return null;
  return cardCommand(terminal, request, reply);
}

async function cardCommand(
  terminal: TerminalState,
  request: Uint8Array,
  reply: (cr: number, data?: Uint8Array) => Uint8Array,
): Promise<Uint8Array> {
  const { slot } = terminal;
  // 00 LAD T counter CLA INS P1 P2 P3 [data]
  if (request.length < 9) return reply(CR.incoherent);
  if (terminal.fault === 'counter-mismatch' || terminal.fault === 'counter-mismatch-once') {
    if (terminal.fault === 'counter-mismatch-once') terminal.fault = undefined;
    slot.counter = (slot.counter % 255) + 1;
    return reply(CR.counterMismatch);
  }
  if (request[3] !== slot.counter) return reply(CR.counterMismatch);
  if (slot.state !== 3) return reply(CR.incoherent);
  if (terminal.fault === 'mute') return reply(CR.muteCard);
  const header = request.subarray(4, 8);
  const p3 = request[8]!;
  const data = request.subarray(9);
  let apdu: Uint8Array;
  if (request[2] === DATA_IN) {
    if (data.length !== p3) return reply(CR.incoherent);
    // P3 = 0 on a data-in command is a case-1 command: the card gets the header alone.
    apdu = p3 === 0 ? header.slice() : Uint8Array.of(...header, p3, ...data);
  } else {
    if (data.length !== 0) return reply(CR.incoherent);
    apdu = Uint8Array.of(...header, p3);
  }
  const response = await slot.transmit(apdu, terminal.cardTimeoutMs);
  if (!response) return slot.present ? reply(CR.muteCard) : reply(CR.cardAbsent);
  return reply(CR.ok, response);
}
