import { fromHex } from '@openvitale/transport';

/** RID `D2 50 00 00 02` + ASCII "MF_VITALE": the MF's DF name, identity file(s). */
export const MF_VITALE_AID = fromHex('D2500000024D465F564954414C45');
/** RID + ASCII "VITALE": the insurance application, EF `2001` and the NIR file. */
export const VITALE_AID = fromHex('D250000002564954414C45');

/** A Vitale 2 ATR from the pcsc-tools list: T=0, TA1 = 13 (Fi 372, Di 4). */
export const VITALE2_ATR = fromHex('3B7513000047 09EA9000');
