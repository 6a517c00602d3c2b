import {
  type Disposition,
  type PcscBinding,
  type PcscCardHandle,
  type PcscContext,
  PcscFailure,
  PNP_NOTIFICATION,
  type Protocol,
  type ReaderStatus,
  SCARD_STATE,
  type ShareMode,
} from '../src/binding/port.js';
import { type PcscCodeName, pcscCode } from '../src/pcsc-codes.js';

export const fail = (name: PcscCodeName) => new PcscFailure(pcscCode(name), name);

interface FakeReader {
  name: string;
  atr: Uint8Array | null;
  counter: number;
}

/** A PC/SC stack in memory: readers, cards, a service that can stop, scripted failures. */
export class FakePcsc implements PcscBinding {
  readonly name = 'fake';
  readers: FakeReader[] = [];
  running = true;
  /** Bumped when the service restarts: contexts of an older generation are dead. */
  generation = 0;
  contexts = 0;
  /** Failures thrown by the next calls of that name, in order. */
  readonly failures: Record<string, PcscFailure[]> = {};
  readonly log: string[] = [];
  answer: (command: Uint8Array) => Uint8Array | Promise<Uint8Array> = () => Uint8Array.of(0x90, 0x00);
  /** The library forgot its contexts without a context-lost code (a failing call says something else). */
  forgotten = false;
  /** As macOS: the PnP pseudo reader is unknown. */
  pnpUnknown = false;
  /** The reader names of each status-change wait, in order. */
  readonly waits: string[][] = [];
  #wake: (() => void)[] = [];

  insert(reader: string, atr: number[]): void {
    const r = this.reader(reader);
    r.atr = Uint8Array.from(atr);
    r.counter++;
    this.changed();
  }
  remove(reader: string): void {
    const r = this.reader(reader);
    r.atr = null;
    r.counter++;
    this.changed();
  }
  plug(name: string, atr?: number[]): void {
    this.readers.push({ name, atr: atr ? Uint8Array.from(atr) : null, counter: 0 });
    this.changed();
  }
  unplug(name: string): void {
    this.readers = this.readers.filter((r) => r.name !== name);
    this.changed();
  }
  stop(): void {
    this.running = false;
    this.changed();
  }
  start(): void {
    this.running = true;
    this.generation++;
    this.changed();
  }
  failNext(call: string, ...names: PcscCodeName[]): void {
    this.failures[call] = [...(this.failures[call] ?? []), ...names.map(fail)];
  }
  reader(name: string): FakeReader {
    const r = this.readers.find((x) => x.name === name);
    if (!r) throw new Error(`no fake reader ${name}`);
    return r;
  }
  changed(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }
  onChange(wake: () => void): void {
    this.#wake.push(wake);
  }
  check(call: string, generation: number): void {
    this.log.push(call);
    if (!this.running) throw fail('SCARD_E_NO_SERVICE');
    if (generation !== this.generation) throw fail('SCARD_E_INVALID_HANDLE');
    const next = this.failures[call]?.shift();
    if (next) throw next;
  }
  status(r: FakeReader): ReaderStatus {
    const state = (r.atr ? SCARD_STATE.PRESENT : SCARD_STATE.EMPTY) | (r.counter << 16);
    return { name: r.name, state, atr: r.atr };
  }
  establishContext(): PcscContext {
    this.log.push('establish');
    if (!this.running) throw fail('SCARD_E_NO_SERVICE');
    this.contexts++;
    return new FakeContext(this, this.generation);
  }
}

class FakeContext implements PcscContext {
  #cancel: (() => void) | undefined;
  constructor(
    readonly pcsc: FakePcsc,
    readonly generation: number,
  ) {}

  listReaders(): ReaderStatus[] {
    this.pcsc.check('listReaders', this.generation);
    return this.pcsc.readers.map((r) => this.pcsc.status(r));
  }

  getStatusChange(readers: readonly ReaderStatus[], timeoutMs: number): Promise<ReaderStatus[] | null> {
    this.pcsc.check('getStatusChange', this.generation);
    this.pcsc.waits.push(readers.map((r) => r.name));
    const now = () =>
      readers.map((known) => {
        if (known.name === PNP_NOTIFICATION)
          return this.pcsc.pnpUnknown
            ? { ...known, state: SCARD_STATE.UNKNOWN | SCARD_STATE.CHANGED }
            : { ...known, state: this.pcsc.readers.length << 16 };
        const r = this.pcsc.readers.find((x) => x.name === known.name);
        return r ? this.pcsc.status(r) : { name: known.name, state: SCARD_STATE.UNKNOWN, atr: null };
      });
    const differs = () => now().some((s, i) => s.state !== readers[i]!.state);
    if (differs()) return Promise.resolve(now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve([]), timeoutMs);
      this.#cancel = () => {
        clearTimeout(timer);
        resolve(null);
      };
      this.pcsc.onChange(() => {
        clearTimeout(timer);
        if (!this.pcsc.running) reject(fail('SCARD_E_NO_SERVICE'));
        else resolve(now());
      });
    });
  }

  isValid(): boolean {
    return this.pcsc.running && this.generation === this.pcsc.generation && !this.pcsc.forgotten;
  }

  cancel(): void {
    this.#cancel?.();
  }

  async connect(reader: string, share: ShareMode): Promise<PcscCardHandle> {
    this.pcsc.check('connect', this.generation);
    const r = this.pcsc.readers.find((x) => x.name === reader);
    if (!r) throw fail('SCARD_E_UNKNOWN_READER');
    if (!r.atr) throw fail('SCARD_E_NO_SMARTCARD');
    this.pcsc.log.push(`connect ${reader} ${share}`);
    return new FakeHandle(this.pcsc, r, this.generation);
  }

  close(): void {
    this.pcsc.log.push('close');
  }
}

class FakeHandle implements PcscCardHandle {
  readonly protocol: Protocol = 'T=1';
  constructor(
    readonly pcsc: FakePcsc,
    readonly reader: { atr: Uint8Array | null },
    readonly generation: number,
  ) {}

  #live(call: string): void {
    this.pcsc.check(call, this.generation);
    if (!this.reader.atr) throw fail('SCARD_W_REMOVED_CARD');
  }
  async atr(): Promise<Uint8Array> {
    this.#live('atr');
    return this.reader.atr!;
  }
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.#live('transmit');
    return this.pcsc.answer(command);
  }
  async reconnect(share: ShareMode, initialization: Disposition): Promise<Protocol> {
    this.#live('reconnect');
    this.pcsc.log.push(`reconnect ${share} ${initialization}`);
    return this.protocol;
  }
  async beginTransaction(): Promise<void> {
    this.#live('beginTransaction');
    this.pcsc.log.push('begin');
  }
  async endTransaction(disposition: Disposition): Promise<void> {
    this.#live('endTransaction');
    this.pcsc.log.push(`end ${disposition}`);
  }
  async disconnect(disposition: Disposition): Promise<void> {
    this.pcsc.log.push(`disconnect ${disposition}`);
  }
}
