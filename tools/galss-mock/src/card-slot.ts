import { createServer, type Server, type Socket } from 'node:net';

const POWER_OFF = 0x00;
const POWER_ON = 0x01;
const GET_ATR = 0x04;

/**
 * A card slot of an emulated terminal, speaking vpcd's wire framing so that
 * the virtual card's vpcd connector serves it unchanged: the slot listens on
 * TCP, a card connects to insert itself and disconnects to leave. Frames are
 * a 2-byte big-endian length + payload; 1-byte payloads are controls (`00`
 * power off, `01` power on, `04` get ATR), longer ones APDUs.
 */
export class CardSlot {
  /** The terminal's counter: changes at every insertion, so a swap is seen. */
  counter = 0;
  #server: Server;
  #card: Socket | undefined;
  #powered = false;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((payload: Uint8Array | null) => void) | undefined;

  private constructor(server: Server) {
    this.#server = server;
    server.on('connection', (socket) => this.#insert(socket));
  }

  static async listen(port: number, host = '127.0.0.1'): Promise<CardSlot> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return new CardSlot(server);
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get present(): boolean {
    return this.#card !== undefined;
  }

  /** PSS card state: 0 absent, 1 present and unpowered, 3 present and powered. */
  get state(): number {
    if (!this.#card) return 0;
    return this.#powered ? 3 : 1;
  }

  /** Powers the card and asks its ATR; `null` when the card does not answer in time. */
  async powerOn(timeoutMs: number): Promise<Uint8Array | null> {
    this.#send(Uint8Array.of(POWER_ON));
    this.#powered = true;
    return this.#ask(Uint8Array.of(GET_ATR), timeoutMs);
  }

  powerOff(): void {
    this.#send(Uint8Array.of(POWER_OFF));
    this.#powered = false;
  }

  transmit(apdu: Uint8Array, timeoutMs: number): Promise<Uint8Array | null> {
    return this.#ask(apdu, timeoutMs);
  }

  async close(): Promise<void> {
    this.#card?.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #insert(socket: Socket): void {
    if (this.#card) {
      socket.destroy(); // one card per slot
      return;
    }
    socket.setNoDelay(true);
    this.#card = socket;
    this.#powered = false;
    this.#buffer = Buffer.alloc(0);
    this.counter = (this.counter % 255) + 1;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#card !== socket) return;
      this.#card = undefined;
      this.#powered = false;
      this.#settle(null);
    });
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 2) {
      const length = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + length) return;
      const payload = new Uint8Array(this.#buffer.subarray(2, 2 + length));
      this.#buffer = this.#buffer.subarray(2 + length);
      this.#settle(payload); // a late answer nobody waits for is dropped
    }
  }

  #send(payload: Uint8Array): void {
    if (!this.#card || this.#card.destroyed) return;
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, 2);
    this.#card.write(frame);
  }

  #ask(payload: Uint8Array, timeoutMs: number): Promise<Uint8Array | null> {
    if (!this.#card) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#settle(null), timeoutMs);
      this.#waiting = (answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.#send(payload);
    });
  }

  #settle(answer: Uint8Array | null): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(answer);
  }
}
