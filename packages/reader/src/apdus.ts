import type { CommandApdu } from '@openvitale/transport';

/** SELECT P2: `00` asks for the FCI (a GET RESPONSE more on T=0), `0C` for none. [H ISO 7816-4] */
export type SelectForm = 0x00 | 0x0c;

export function selectAid(aid: Uint8Array, form: SelectForm): CommandApdu {
  return { cla: 0x00, ins: 0xa4, p1: 0x04, p2: form, data: aid, ...(form === 0x00 ? { le: 256 } : {}) };
}

/** SELECT of an EF under the current DF by its 2-byte FID. */
export function selectFid(fid: number, form: SelectForm): CommandApdu {
  const data = Uint8Array.of(fid >> 8, fid & 0xff);
  return { cla: 0x00, ins: 0xa4, p1: 0x02, p2: form, data, ...(form === 0x00 ? { le: 256 } : {}) };
}

/** READ BINARY of the current EF at `offset` (0 to 32 767), 256 bytes asked. */
export function readBinary(offset: number): CommandApdu {
  return { cla: 0x00, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le: 256 };
}

/** READ BINARY by short EF identifier: selects the EF and reads it from `offset` (0 to 255). */
export function readBinarySfi(sfi: number, offset = 0): CommandApdu {
  return { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, le: 256 };
}

/** Vitale 1 (class `BC`, Bull CP8 mask): the 8-byte card description. [M/L] */
export const VITALE1_INFO: CommandApdu = { cla: 0xbc, ins: 0xc0, p1: 0x00, p2: 0x00, le: 8 };

/** Vitale 1 memory read at a nibble address (one 32-bit word = 8 units). [M/L] */
export function readVitale1(address: number, length: number): CommandApdu {
  return { cla: 0xbc, ins: 0xb0, p1: address >> 8, p2: address & 0xff, le: length };
}
