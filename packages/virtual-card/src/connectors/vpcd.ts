import { connect, type Socket } from 'node:net';
import type { VirtualCard } from '../card.js';
import { createCard } from '../cards/create.js';
import type { CardProfile } from '../profile.js';
import { CardRunner, type RunnerOptions } from '../runner.js';
import { loadQuickAck, type QuickAck } from './quickack.js';

/** vpcd's ports: reader `Virtual PCD 00 00` on 35963, `Virtual PCD 00 01` on 35964. */
export const VPCD_PORTS = [35963, 35964] as const;

export interface VpcdOptions extends RunnerOptions {
  readonly host?: string;
  /** Default 35963. */
  readonly port?: number;
  /** Set `TCP_QUICKACK` through koffi after every read (default true): 44 ms → well under 1 ms per APDU. */
  readonly quickAck?: boolean;
}

/** A card inserted in a vpcd reader: close the connection to remove it. */
export interface VpcdCard {
  readonly runner: CardRunner;
  readonly port: number;
  /** True when the TCP_QUICKACK fix is active. */
  readonly quickAck: boolean;
  /** Settles when the card has left the reader (closed here, by a fault, or by vpcd). */
  readonly closed: Promise<void>;
  /** Removes the card. Idempotent. */
  close(): Promise<void>;
}

const POWER_OFF = 0x00;
const POWER_ON = 0x01;
const RESET = 0x02;
const GET_ATR = 0x04;

/**
 * Inserts a card in a vpcd reader: connects to vpcd's port as its card.
 * Wire protocol, both ways: 2-byte big-endian length + payload; a 1-byte
 * payload from vpcd is a control message (`00` power off, `01` power on,
 * `02` reset: no reply; `04` get ATR: reply the ATR), anything longer an APDU
 * answered with the response. A mute card answers nothing; a card removed by
 * a fault closes the connection.
 */
export async function insertIntoVpcd(
  card: CardProfile | VirtualCard | CardRunner,
  options: VpcdOptions = {},
): Promise<VpcdCard> {
  const runner =
    card instanceof CardRunner ? card : new CardRunner('process' in card ? card : createCard(card), options);
  const quickAck = options.quickAck === false ? undefined : await loadQuickAck();
  const port = options.port ?? VPCD_PORTS[0];
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: options.host ?? '127.0.0.1', port, noDelay: true }, () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
  return serve(socket, runner, port, quickAck);
}

function serve(socket: Socket, runner: CardRunner, port: number, quickAck: QuickAck | undefined): VpcdCard {
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // A late or timed answer must not let the next frame overtake it: one frame at a time.
  let queue = Promise.resolve();
  let buffered = Buffer.alloc(0);
  const send = (payload: Uint8Array) => {
    if (socket.destroyed) return;
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, 2);
    socket.write(frame);
  };
  const remove = () => socket.destroy();
  const handle = async (payload: Buffer) => {
    if (payload.length === 1) {
      const control = payload[0];
      if (control === GET_ATR) send(runner.atr);
      else if (control === POWER_ON || control === RESET) runner.reset();
      else if (control === POWER_OFF) runner.powerOff();
      return;
    }
    const result = await runner.exchange(new Uint8Array(payload));
    if (result.kind === 'removed') remove();
    else if (result.kind === 'response') {
      send(result.response);
      if (result.removeAfter) socket.end(() => remove());
    }
  };
  socket.on('data', (chunk: Buffer) => {
    // Re-armed after every read: the kernel clears TCP_QUICKACK on its own.
    quickAck?.(socket);
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0);
      if (buffered.length < 2 + length) break;
      const payload = buffered.subarray(2, 2 + length);
      buffered = buffered.subarray(2 + length);
      queue = queue
        .then(() => handle(payload))
        .catch(() => {
          remove();
        });
    }
  });
  socket.on('error', () => {});
  return {
    runner,
    port,
    quickAck: quickAck !== undefined,
    closed,
    close: async () => {
      socket.destroy();
      await closed;
    },
  };
}
