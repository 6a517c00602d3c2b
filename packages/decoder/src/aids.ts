import { fromHex } from './hex.js';

/** RID of the Vitale applications. [H] */
export const VITALE_RID: Uint8Array = fromHex('D250000002');
/** RID + ASCII "MF_VITALE": the root application, holding the identity file(s). [H] */
export const MF_VITALE_AID: Uint8Array = fromHex('D2500000024D465F564954414C45');
/** RID + ASCII "VITALE": the insurance application, holding EF 2001 and the NIR file. [H] */
export const VITALE_AID: Uint8Array = fromHex('D250000002564954414C45');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The name of a known Vitale AID, else `null`. */
export function vitaleAidName(aid: Uint8Array): 'MF_VITALE' | 'VITALE' | null {
  if (sameBytes(aid, MF_VITALE_AID)) return 'MF_VITALE';
  return sameBytes(aid, VITALE_AID) ? 'VITALE' : null;
}
