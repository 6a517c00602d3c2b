import { fromHex } from '@openvitale/transport';
import { dfFci } from '../iso/filesystem.js';
import { IsoCard } from '../iso/iso-card.js';
import type { OtherCardProfile } from '../profile.js';

/** A CPS (older generation) ATR from the pcsc-tools list. */
export const CPS_ATR = fromHex('3BAC00402A001225006480000310009000');

/**
 * A card that is not a Vitale card: an ISO card with an empty MF, so every
 * Vitale AID answers `6A 82`, READ BINARY `69 86` (no current EF), other
 * instructions `6D 00`. Only its ATR tells a CPS from an unknown card.
 */
export function buildOtherCard(profile: OtherCardProfile): IsoCard {
  const atr = profile.atr ? fromHex(profile.atr) : CPS_ATR;
  return new IsoCard({
    kind: profile.type,
    atr,
    mf: { kind: 'df', name: 'MF', fid: 0x3f00, children: [], fci: dfFci(undefined, 0x3f00) },
    selectP2: 'both',
    shortRead: '6282',
  });
}
