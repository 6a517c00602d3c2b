/**
 * Instructions that write, verify a PIN, manage security or authenticate
 * (ISO/IEC 7816-4 and -8/-9). A reader of the carte Vitale must never send
 * one: the virtual cards refuse them and count them, whatever the class.
 */
export const REFUSED_INSTRUCTIONS: ReadonlyMap<number, string> = new Map([
  [0x04, 'DEACTIVATE FILE'],
  [0x0e, 'ERASE BINARY'],
  [0x0f, 'ERASE BINARY'],
  [0x20, 'VERIFY'],
  [0x21, 'VERIFY'],
  [0x22, 'MANAGE SECURITY ENVIRONMENT'],
  [0x24, 'CHANGE REFERENCE DATA'],
  [0x26, 'DISABLE VERIFICATION REQUIREMENT'],
  [0x28, 'ENABLE VERIFICATION REQUIREMENT'],
  [0x2a, 'PERFORM SECURITY OPERATION'],
  [0x2c, 'RESET RETRY COUNTER'],
  [0x44, 'ACTIVATE FILE'],
  [0x46, 'GENERATE ASYMMETRIC KEY PAIR'],
  [0x82, 'EXTERNAL AUTHENTICATE'],
  [0x84, 'GET CHALLENGE'],
  [0x86, 'GENERAL AUTHENTICATE'],
  [0x87, 'GENERAL AUTHENTICATE'],
  [0x88, 'INTERNAL AUTHENTICATE'],
  [0xd0, 'WRITE BINARY'],
  [0xd1, 'WRITE BINARY'],
  [0xd2, 'WRITE RECORD'],
  [0xd6, 'UPDATE BINARY'],
  [0xd7, 'UPDATE BINARY'],
  [0xda, 'PUT DATA'],
  [0xdb, 'PUT DATA'],
  [0xdc, 'UPDATE RECORD'],
  [0xdd, 'UPDATE RECORD'],
  [0xe0, 'CREATE FILE'],
  [0xe2, 'APPEND RECORD'],
  [0xe4, 'DELETE FILE'],
  [0xe6, 'TERMINATE DF'],
  [0xe8, 'TERMINATE CARD USAGE'],
]);

/** A refused command, as the card received it. */
export interface RefusedCommand {
  readonly command: Uint8Array;
  /** What the instruction would have done, e.g. `VERIFY`. */
  readonly name: string;
  /** The status word the card answered. */
  readonly sw: number;
}

/** Counts the refused commands of one card (kept across resets: a test asks "ever"). */
export class RefusalLog {
  readonly #entries: RefusedCommand[] = [];

  /** The name of the instruction if `ins` must be refused, else `undefined`. */
  static check(ins: number): string | undefined {
    return REFUSED_INSTRUCTIONS.get(ins);
  }

  record(command: Uint8Array, name: string, sw: number): void {
    this.#entries.push({ command: command.slice(), name, sw });
  }

  get entries(): readonly RefusedCommand[] {
    return [...this.#entries];
  }

  get count(): number {
    return this.#entries.length;
  }
}
