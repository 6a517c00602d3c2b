import type { RawVitale1Chunk, RawVitale1Read } from '@openvitale/decoder';
import { readVitale1, VITALE1_INFO } from '../apdus.js';
import { type CardConversation, isProtectedStatus } from './files.js';

/**
 * Vitale 1 memory, as far as it is public (docs/domain/vitale-card.md §4) [M/L]: nibble
 * addresses from `0200h`, one 32-bit word every 8 units, typical end
 * ("ADMAX") `2188h`. The card has no SELECT: only `BC C0` and `BC B0` are
 * ever sent. Reading stops where the card says the memory ends (`6B 00`)
 * or at `MEMORY_LIMIT`, past any known ADMAX.
 */
const FIRST_ADDRESS = 0x0200;
const MEMORY_LIMIT = 0x2200;
/** 128 bytes = 32 words = 256 address units a read; a multiple of 4 as the card requires. */
const CHUNK_BYTES = 128;
const UNITS_PER_BYTE = 2;
const END_OF_MEMORY = 0x6b00;

/** Confirms a Vitale 1: `BC C0 00 00 08` answers 8 bytes and `90 00`. */
export async function readVitale1Info(conversation: CardConversation): Promise<Uint8Array | null> {
  const { data, sw } = await conversation.send(VITALE1_INFO);
  return sw === 0x9000 && data.length === 8 ? data : null;
}

/** The read-only dump: the `BC C0` answer, then memory chunk by chunk. */
export async function dumpVitale1(conversation: CardConversation, info: Uint8Array): Promise<RawVitale1Read> {
  conversation.step = 'dump-vitale-1';
  const chunks: RawVitale1Chunk[] = [];
  for (let address = FIRST_ADDRESS; address < MEMORY_LIMIT; ) {
    const length = Math.min(CHUNK_BYTES, (MEMORY_LIMIT - address) / UNITS_PER_BYTE);
    const { data, sw } = await conversation.send(readVitale1(address, length));
    if (sw === END_OF_MEMORY) break;
    if (sw === 0x9000) {
      chunks.push({ address, status: 'read', sw, data });
      // A short answer (the card's 6Cxx told the exact length) is the end of the memory.
      if (data.length < length) break;
    } else {
      chunks.push({ address, status: isProtectedStatus(sw) ? 'protected' : 'failed', sw });
    }
    address += length * UNITS_PER_BYTE;
  }
  return { info, chunks };
}
