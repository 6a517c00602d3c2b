/**
 * The mock's own frames between its C libraries and this server (see
 * native/wire.h): u32 BE length + payload; requests `seq op fields...`,
 * replies `seq status fields...`, each field a u16 BE length + bytes.
 */
export const OP = {
  open: 1,
  close: 2,
  exclBegin: 3,
  exclEnd: 4,
  exchange: 5,
  resources: 6,
  /** A client library reports a call it refused because its session had one in flight. */
  overlap: 7,
} as const;

/** The GALSS function behind each op, for the call log. */
export const OP_NAMES: Readonly<
  Record<number, 'OuvrirSession' | 'FermerSession' | 'DebutExclusivite' | 'FinExclusivite' | 'Echange'>
> = {
  [OP.open]: 'OuvrirSession',
  [OP.close]: 'FermerSession',
  [OP.exclBegin]: 'DebutExclusivite',
  [OP.exclEnd]: 'FinExclusivite',
  [OP.exchange]: 'Echange',
};

export interface WireRequest {
  readonly seq: number;
  readonly op: number;
  readonly fields: readonly Uint8Array[];
}

/** Takes every complete request off the front of `buffer`; returns them and the rest. */
export function readRequests(buffer: Buffer): { requests: WireRequest[]; rest: Buffer } {
  const requests: WireRequest[] = [];
  let at = 0;
  while (buffer.length - at >= 4) {
    const length = buffer.readUInt32BE(at);
    if (buffer.length - at - 4 < length) break;
    const payload = buffer.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    if (payload.length < 5) continue;
    const fields: Uint8Array[] = [];
    let pos = 5;
    while (pos + 2 <= payload.length) {
      const n = payload.readUInt16BE(pos);
      fields.push(new Uint8Array(payload.subarray(pos + 2, pos + 2 + n)));
      pos += 2 + n;
    }
    requests.push({ seq: payload.readUInt32BE(0), op: payload[4]!, fields });
  }
  return { requests, rest: buffer.subarray(at) };
}

export function encodeReply(seq: number, status: number, fields: readonly Uint8Array[] = []): Buffer {
  const size = 4 + 2 + fields.reduce((n, f) => n + 2 + f.length, 0);
  const frame = Buffer.alloc(4 + size);
  frame.writeUInt32BE(size, 0);
  frame.writeUInt32BE(seq, 4);
  frame.writeUInt16BE(status, 8);
  let at = 10;
  for (const field of fields) {
    frame.writeUInt16BE(field.length, at);
    frame.set(field, at + 2);
    at += 2 + field.length;
  }
  return frame;
}

export const u16 = (value: number) => Uint8Array.of(value >> 8, value & 0xff);
export const text = (value: Uint8Array) => Buffer.from(value).toString('latin1');
export const bytesOf = (value: string) => new Uint8Array(Buffer.from(value, 'latin1'));
export const readU16 = (field: Uint8Array | undefined) =>
  field && field.length >= 2 ? (field[0]! << 8) | field[1]! : -1;
