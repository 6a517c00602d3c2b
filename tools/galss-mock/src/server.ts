import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { CardSlot } from './card-slot.js';
import {
  type ExclusivityRule,
  type MockConfig,
  type MockFault,
  type MockResource,
  readMockConfig,
} from './config.js';
import { pssExchange, type TerminalState } from './terminal.js';
import {
  bytesOf,
  encodeReply,
  OP,
  OP_NAMES,
  readRequests,
  readU16,
  text,
  u16,
  type WireRequest,
} from './wire.js';

// GALSS status codes the mock answers (docs/domain/official-api.md §2.2).
const G = {
  ok: 0,
  exclusive: 0x0004,
  sequence: 0x0008,
  sessionOpen: 0x0800,
  unknownSession: 0x1000,
  unknownResource: 0x2000,
  parameter: 0x4000,
} as const;

export interface GalssMockOptions {
  /** The galss.ini text (CRLF or LF) with the mock's keys, or a parsed config. */
  readonly ini: string | MockConfig;
  /** Unix socket the libraries connect to; their `GALSS_MOCK_SOCKET`. */
  readonly socketPath: string;
  /** Overrides the ini's `[MOCK] Exclusivity=`. */
  readonly exclusivity?: ExclusivityRule;
  /** Keep every call in `calls` (tests; off by default so that a long-running mock keeps nothing). */
  readonly recordCalls?: boolean;
}

/** One client call as the server received it, in order of arrival. */
export interface MockCall {
  readonly op: 'OuvrirSession' | 'FermerSession' | 'DebutExclusivite' | 'FinExclusivite' | 'Echange';
  readonly session: number;
  readonly app: string;
  /** `Echange`: the PSS request, hex. */
  readonly request?: string;
  /** When it arrived: `performance.now()` of the mock's process. */
  readonly at: number;
  /** The GALSS status answered; absent while (or when) no answer came. */
  status?: number;
}

/** A call a client library refused because another call on its session was still in flight. */
export interface MockOverlap {
  readonly session: number;
  readonly op: string;
}

interface Session {
  readonly number: number;
  readonly app: string;
  readonly resource: Resource;
  /** The client's link; none for a holder the test made (`hold`). */
  readonly connection: Socket | undefined;
}

interface Resource extends TerminalState {
  readonly config: MockResource;
  /** Serialises the PSS exchanges of one LAD. */
  queue: Promise<unknown>;
}

interface Lock {
  readonly id: number;
  readonly session: Session;
  /** `channel`, `channel.pad` or `channel.pad.lad`: locks cover what their key prefixes. */
  readonly key: string;
}

/** A running mock GALSS server: the state the client libraries of every process share. */
export interface GalssMock {
  readonly socketPath: string;
  readonly resources: readonly MockResource[];
  /** The TCP port where a card for `resource` (name or alias) connects. */
  cardPort(resource: string): number;
  /** Sets or clears a fault on `resource`. */
  setFault(resource: string, fault: MockFault | undefined): void;
  /**
   * Another application takes `resource`'s exclusivity (LAD level) through a
   * session of its own, as a real one would; returns what releases it.
   */
  hold(resource: string, app?: string): () => void;
  /** Sessions currently open, for tests. */
  readonly sessionCount: number;
  /** Every call received, when `recordCalls` is on. */
  readonly calls: readonly MockCall[];
  /** Forgets the calls received so far. */
  clearCalls(): void;
  /** Calls the client libraries refused (`0008`) because their session had one in flight. */
  readonly overlaps: readonly MockOverlap[];
  readonly exclusivity: ExclusivityRule;
  close(): Promise<void>;
}

export async function startGalssMock(options: GalssMockOptions): Promise<GalssMock> {
  const config = typeof options.ini === 'string' ? readMockConfig(options.ini) : options.ini;
  const resources: Resource[] = [];
  try {
    for (const resource of config.resources) {
      const slot = await CardSlot.listen(resource.port);
      resources.push({
        config: resource,
        lad: resource.lad,
        slot,
        cardTimeoutMs: config.cardTimeoutMs,
        fault: resource.fault,
        queue: Promise.resolve(),
      });
    }
  } catch (error) {
    await Promise.all(resources.map((r) => r.slot.close()));
    throw error;
  }
  const exclusivity = options.exclusivity ?? config.exclusivity;
  const state = new MockState(resources, exclusivity, options.recordCalls ?? false);
  await rm(options.socketPath, { force: true });
  const server = createServer((connection) => state.serve(connection));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });
  return {
    socketPath: options.socketPath,
    resources: config.resources,
    cardPort: (name) => state.find(name, true).slot.port,
    setFault: (name, fault) => {
      state.find(name, true).fault = fault;
    },
    hold: (name, app) => state.hold(name, app),
    get sessionCount() {
      return state.sessions.size;
    },
    calls: state.calls,
    clearCalls: () => {
      state.calls.length = 0;
    },
    overlaps: state.overlaps,
    exclusivity,
    close: () => state.close(server, options.socketPath),
  };
}

class MockState {
  readonly sessions = new Map<number, Session>();
  readonly calls: MockCall[] = [];
  readonly overlaps: MockOverlap[] = [];
  readonly #locks = new Map<number, Lock>();
  readonly #resources: readonly Resource[];
  readonly #connections = new Set<Socket>();
  readonly #rule: ExclusivityRule;
  readonly #record: boolean;
  #nextSession = 1;
  #nextLock = 1;

  constructor(resources: readonly Resource[], rule: ExclusivityRule, record: boolean) {
    this.#resources = resources;
    this.#rule = rule;
    this.#record = record;
  }

  hold(name: string, app = 'AUTRE_LOGICIEL'): () => void {
    const resource = this.find(name, true);
    const session: Session = { number: this.#newSessionNumber(), app, resource, connection: undefined };
    const key = lockKey(resource);
    if (this.#holder(key, session)) throw new Error(`galss-mock: "${name}" is already held`);
    this.sessions.set(session.number, session);
    const id = this.#newLock(session, key);
    return () => {
      this.#locks.delete(id);
      this.sessions.delete(session.number);
    };
  }

  find(name: string, strict: true): Resource;
  find(name: string, strict?: false): Resource | undefined;
  find(name: string, strict = false): Resource | undefined {
    const upper = name.toUpperCase();
    const found = this.#resources.find(
      (r) => r.config.name.toUpperCase() === upper || r.config.aliases.some((a) => a.toUpperCase() === upper),
    );
    if (!found && strict) throw new Error(`galss-mock: no resource "${name}"`);
    return found;
  }

  serve(connection: Socket): void {
    this.#connections.add(connection);
    let buffer: Buffer = Buffer.alloc(0);
    connection.on('data', (chunk: Buffer) => {
      const { requests, rest } = readRequests(Buffer.concat([buffer, chunk]));
      buffer = rest;
      for (const request of requests) {
        this.#dispatch(connection, request).then(
          (reply) => {
            if (reply && !connection.destroyed) connection.write(reply);
          },
          () => connection.destroy(),
        );
      }
    });
    connection.on('error', () => {});
    // A process that dies or closes its session's link loses its sessions and exclusivities.
    connection.on('close', () => {
      this.#connections.delete(connection);
      for (const session of [...this.sessions.values()]) {
        if (session.connection === connection) this.#endSession(session);
      }
    });
  }

  async close(server: Server, socketPath: string): Promise<void> {
    for (const connection of this.#connections) connection.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all(this.#resources.map((r) => r.slot.close()));
    await rm(socketPath, { force: true });
  }

  /** Notes a call for `calls`; its status is filled in once answered. */
  #note(op: MockCall['op'], number: number, request?: Uint8Array): MockCall | undefined {
    if (!this.#record) return undefined;
    const call: MockCall = {
      op,
      session: number,
      app: this.sessions.get(number)?.app ?? '',
      at: performance.now(),
      ...(request ? { request: Buffer.from(request).toString('hex').toUpperCase() } : {}),
    };
    this.calls.push(call);
    return call;
  }

  async #dispatch(connection: Socket, request: WireRequest): Promise<Buffer | undefined> {
    const { op, fields } = request;
    const session =
      op === OP.exclBegin
        ? sessionOfList(fields[0])
        : op === OP.exclEnd
          ? (this.#locks.get(readU16(fields[0]))?.session.number ?? -1)
          : readU16(fields[0]);
    const name = OP_NAMES[op];
    const call =
      name && op !== OP.open
        ? this.#note(name, session, op === OP.exchange ? fields[1] : undefined)
        : undefined;
    const reply = await this.#answer(connection, request);
    if (call && reply) call.status = reply.readUInt16BE(8);
    return reply;
  }

  async #answer(connection: Socket, request: WireRequest): Promise<Buffer | undefined> {
    const { seq, fields } = request;
    switch (request.op) {
      case OP.open:
        return this.#open(
          connection,
          seq,
          text(fields[0] ?? new Uint8Array()),
          text(fields[1] ?? new Uint8Array()),
        );
      case OP.close: {
        const session = this.sessions.get(readU16(fields[0]));
        if (!session) return encodeReply(seq, G.unknownSession);
        const released = this.#endSession(session);
        return encodeReply(seq, G.ok, [u16(released ? 1 : 0)]);
      }
      case OP.exclBegin:
        return this.#beginExclusivity(seq, text(fields[0] ?? new Uint8Array()));
      case OP.exclEnd: {
        const lock = this.#locks.get(readU16(fields[0]));
        if (!lock || lock.session.connection !== connection) return encodeReply(seq, G.sequence);
        this.#locks.delete(lock.id);
        return encodeReply(seq, G.ok);
      }
      case OP.exchange:
        return this.#exchange(seq, readU16(fields[0]), fields[1] ?? new Uint8Array());
      case OP.resources:
        return encodeReply(seq, G.ok, [resourceTable(this.#resources.map((r) => r.config))]);
      case OP.overlap:
        this.overlaps.push({ session: readU16(fields[0]), op: OP_NAMES[fields[1]?.[0] ?? 0] ?? '?' });
        return encodeReply(seq, G.ok);
      default:
        return encodeReply(seq, G.parameter);
    }
  }

  #open(connection: Socket, seq: number, app: string, name: string): Buffer {
    const resource = this.find(name);
    if (!resource) return encodeReply(seq, G.unknownResource);
    for (const session of this.sessions.values()) {
      if (session.app === app && session.resource === resource) return encodeReply(seq, G.sessionOpen);
    }
    const session: Session = { number: this.#newSessionNumber(), app, resource, connection };
    this.sessions.set(session.number, session);
    this.#note('OuvrirSession', session.number);
    return encodeReply(seq, G.ok, [u16(session.number), Uint8Array.of(resource.lad)]);
  }

  #newSessionNumber(): number {
    while (this.sessions.has(this.#nextSession)) this.#nextSession = (this.#nextSession % 0xffff) + 1;
    const number = this.#nextSession;
    this.#nextSession = (this.#nextSession % 0xffff) + 1;
    return number;
  }

  #newLock(session: Session, key: string): number {
    while (this.#locks.has(this.#nextLock)) this.#nextLock = (this.#nextLock % 0xffff) + 1;
    const id = this.#nextLock;
    this.#nextLock = (this.#nextLock % 0xffff) + 1;
    this.#locks.set(id, { id, session, key });
    return id;
  }

  #endSession(session: Session): boolean {
    let released = false;
    for (const lock of [...this.#locks.values()]) {
      if (lock.session === session) {
        this.#locks.delete(lock.id);
        released = true;
      }
    }
    this.sessions.delete(session.number);
    return released;
  }

  #beginExclusivity(seq: number, list: string): Buffer {
    // "<session>:<level>", level 1 channel, 2 PAD, 3 LAD. The mock takes the first entry.
    const match = /^\s*(\d+)\s*:\s*(\d)/.exec(list);
    if (!match) return encodeReply(seq, G.parameter);
    const session = this.sessions.get(Number(match[1]));
    if (!session) return encodeReply(seq, G.unknownSession);
    const level = Number(match[2]);
    if (level < 1 || level > 3) return encodeReply(seq, G.parameter);
    const key = lockKey(session.resource, level);
    const holder = this.#holder(key, session);
    if (holder) {
      const held = holder.session;
      return encodeReply(seq, G.exclusive, [bytesOf(held.app), bytesOf(held.resource.config.name)]);
    }
    const id = this.#newLock(session, key);
    return encodeReply(seq, G.ok, [new Uint8Array(), new Uint8Array(), u16(id)]);
  }

  /** Whether `session` holds a lock covering `key`. */
  #owns(key: string, session: Session): boolean {
    for (const lock of this.#locks.values()) {
      if (lock.session === session && `${key}.`.startsWith(`${lock.key}.`)) return true;
    }
    return false;
  }

  /** The lock of another session that covers `key` or is covered by it. */
  #holder(key: string, session: Session): Lock | undefined {
    for (const lock of this.#locks.values()) {
      if (lock.session === session) continue;
      if (`${key}.`.startsWith(`${lock.key}.`) || `${lock.key}.`.startsWith(`${key}.`)) return lock;
    }
    return undefined;
  }

  async #exchange(seq: number, number: number, request: Uint8Array): Promise<Buffer | undefined> {
    const session = this.sessions.get(number);
    if (!session) return encodeReply(seq, G.unknownSession);
    const key = lockKey(session.resource);
    if (this.#rule === 'require' && !this.#owns(key, session)) return encodeReply(seq, G.sequence);
    if (this.#rule === 'refuse-while-held' && this.#holder(key, session))
      return encodeReply(seq, G.exclusive);
    const resource = session.resource;
    const answer = resource.queue.then(() => pssExchange(resource, request));
    resource.queue = answer.catch(() => {});
    const response = await answer;
    return response ? encodeReply(seq, G.ok, [response]) : undefined;
  }
}

/** The lock key of `resource` at `level` (1 channel, 2 PAD, 3 LAD): `channel.pad.lad`, cut to the level. */
function lockKey(resource: Resource, level = 3): string {
  const { config } = resource;
  return [config.channel, config.pad, config.lad].slice(0, level).join('.');
}

/** The session number at the head of `DebutExclusivite`'s `"<session>:<level>"`. */
function sessionOfList(field: Uint8Array | undefined): number {
  return Number(/^\s*(\d+)/.exec(text(field ?? new Uint8Array()))?.[1] ?? -1);
}

/** The info library's rows, 26 packed bytes each: one per alias (or one, alias empty). */
export function resourceTable(resources: readonly MockResource[]): Uint8Array {
  const rows: Uint8Array[] = [];
  for (const r of resources) {
    for (const alias of r.aliases.length > 0 ? r.aliases : ['']) {
      const row = Buffer.alloc(26);
      row.write(alias.slice(0, 8), 0, 'latin1');
      row.write(r.name.slice(0, 8), 9, 'latin1');
      row[18] = r.lad;
      row[19] = r.pad;
      row[20] = r.channel;
      row[21] = r.channelType;
      // Host byte order, as a C struct would hold them (little-endian on the machines the mock runs on).
      row.writeUInt16LE(r.connectionType, 22);
      row.writeUInt16LE(r.protocol, 24);
      rows.push(row);
    }
  }
  return new Uint8Array(Buffer.concat(rows));
}
