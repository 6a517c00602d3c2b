import type { DiagnosticSink } from './diagnostics.js';
import type { RawVitale1Chunk, RawVitale1Read } from './input.js';
import type { Limits } from './options.js';
import { type Availability, notAvailable } from './rights.js';

/**
 * A Vitale 1 memory dump, unpacked but not interpreted. Each 32-bit word
 * carries 2 control bits and 30 data bits [M/L]; the layout of the data
 * blocks is not public, so no field (name, NIR, date) is decoded.
 */
export interface Vitale1Dump {
  /** The 8 bytes answered to `BC C0` (card description; ADMAX is in there [L]), undecoded. */
  readonly info: Uint8Array | null;
  readonly subtype: 'IGEA' | 'SCOT' | null;
  readonly chunks: readonly Vitale1Chunk[];
  /** Always `not-available`, reason `layout-not-public`. */
  readonly fields: Availability<never>;
}

export interface Vitale1Chunk {
  /** Position in the reader's list, from 0. */
  readonly index: number;
  /** Address of the first word, in nibbles (a word is 8 units). */
  readonly address: number;
  readonly status: RawVitale1Chunk['status'];
  readonly sw: number | null;
  readonly raw: Uint8Array;
  readonly words: readonly Vitale1Word[];
  /**
   * The 30-bit payloads of the words, as one bit stream cut into 4-bit
   * nibbles, in hex. With an odd number of words the last nibble holds 2
   * data bits followed by 2 zero bits. [L: how the card aligns its BCD data is not public]
   */
  readonly nibbles: string;
  /** Bytes after the last whole word (length not a multiple of 4). */
  readonly remainder: Uint8Array;
}

export interface Vitale1Word {
  /** Address in nibbles: chunk address + 8 × word index. */
  readonly address: number;
  /** Offset in the chunk's bytes. */
  readonly offset: number;
  /** The 4 bytes, big-endian. */
  readonly raw: Uint8Array;
  /** The 2 high bits (0–3). */
  readonly control: number;
  /** The 30 low bits. */
  readonly payload: number;
  /** All 30 payload bits set: erased-looking memory (`F` nibbles). */
  readonly erased: boolean;
}

const WORD_BYTES = 4;
const UNITS_PER_WORD = 8;
const PAYLOAD_MASK = 0x3fffffff;

/** Unpacks a Vitale 1 read; the whole dump counts against `limits.maxInputLength`. */
export function unpackVitale1(read: RawVitale1Read, limits: Limits, sink: DiagnosticSink): Vitale1Dump {
  let budget = limits.maxInputLength;
  const chunks = read.chunks.map((chunk, index) => {
    const data = chunk.data ?? new Uint8Array(0);
    const usable = data.subarray(0, Math.max(0, budget));
    budget -= data.length;
    if (usable.length < data.length) {
      sink.add(
        'INPUT_TOO_LARGE',
        `Dump over ${limits.maxInputLength} bytes`,
        usable.length,
        `vitale1/chunks[${index}]`,
      );
    }
    return unpackChunk(chunk, index, usable, data, sink);
  });
  return {
    info: read.info,
    subtype: read.subtype ?? null,
    chunks,
    fields: notAvailable('layout-not-public'),
  };
}

function unpackChunk(
  chunk: RawVitale1Chunk,
  index: number,
  usable: Uint8Array,
  data: Uint8Array,
  sink: DiagnosticSink,
): Vitale1Chunk {
  const count = Math.floor(usable.length / WORD_BYTES);
  const words: Vitale1Word[] = [];
  for (let i = 0; i < count; i++) words.push(unpackWord(usable, i, chunk.address));
  const whole = count * WORD_BYTES;
  if (usable.length === data.length && whole < data.length) {
    sink.add(
      'V1_PARTIAL_WORD',
      `${data.length} bytes is not a whole number of words`,
      whole,
      `vitale1/chunks[${index}]`,
    );
  }
  return {
    index,
    address: chunk.address,
    status: chunk.status,
    sw: chunk.sw ?? null,
    raw: data,
    words,
    nibbles: nibbleStream(words),
    remainder: data.subarray(whole),
  };
}

function unpackWord(bytes: Uint8Array, i: number, chunkAddress: number): Vitale1Word {
  const offset = i * WORD_BYTES;
  const raw = bytes.subarray(offset, offset + WORD_BYTES);
  const value = ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
  const payload = value & PAYLOAD_MASK;
  return {
    address: chunkAddress + i * UNITS_PER_WORD,
    offset,
    raw,
    control: value >>> 30,
    payload,
    erased: payload === PAYLOAD_MASK,
  };
}

/** Concatenates 30-bit payloads and cuts the bit stream into nibbles. */
function nibbleStream(words: readonly Vitale1Word[]): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const word of words) {
    // 15-bit halves keep the accumulator well inside 32-bit integers.
    for (const half of [word.payload >>> 15, word.payload & 0x7fff]) {
      acc = (acc << 15) | half;
      bits += 15;
      while (bits >= 4) {
        bits -= 4;
        out += ((acc >>> bits) & 0xf).toString(16).toUpperCase();
      }
      acc &= (1 << bits) - 1;
    }
  }
  return bits > 0 ? out + ((acc << (4 - bits)) & 0xf).toString(16).toUpperCase() : out;
}
