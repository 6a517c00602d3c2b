import { toHex } from '@openvitale/transport';
import type { ApplicationProfile, FileProfile, LayoutName, LayoutProfile } from '../../profile.js';
import { MF_VITALE_AID, VITALE_AID } from './aids.js';

const PROTECTED_RIGHTS: FileProfile = {
  name: 'DROITS',
  fid: 'D004',
  content: { hex: '7081 0A 0102030405060708090A'.replace(/ /g, '') },
  protected: '6982',
};

interface Options {
  readonly identity: Partial<FileProfile>;
  readonly nir: Partial<FileProfile>;
  readonly directory: boolean;
  readonly selectP2?: 'both' | '00' | '0C';
}

/**
 * The built-in layouts. Every FID, entry number and name here is invented
 * (nothing public fixes them but D001 and the SFI 2 of the readers' paths);
 * each layout keeps exactly the paths its name says, so a reader's
 * fallbacks are each tested on a card where only they work.
 */
function layout(options: Options): LayoutProfile {
  const mf: ApplicationProfile = {
    name: 'MF_VITALE',
    aid: toHex(MF_VITALE_AID),
    mf: true,
    files: [{ name: 'IDENTITE', fid: 'D001', content: 'identity', ...options.identity }],
  };
  const vitale: ApplicationProfile = {
    name: 'VITALE',
    aid: toHex(VITALE_AID),
    fid: '2000',
    files: [
      ...(options.directory
        ? [{ name: 'DIR', fid: '2001', content: 'directory' } satisfies FileProfile]
        : []),
      { name: 'NIR', fid: 'D002', content: 'nir', ...options.nir },
      { name: 'CARTE', fid: 'D003', content: 'card-data' },
      PROTECTED_RIGHTS,
    ],
  };
  return { selectP2: options.selectP2 ?? 'both', applications: [mf, vitale] };
}

const EVERY_PATH: Options = { identity: { sfi: 2, fciSize: 30 }, nir: { sfi: 2 }, directory: true };

export const LAYOUTS: Readonly<Record<LayoutName, LayoutProfile>> = {
  /** Every public path works: EF 2001, SFI 2 on both sides, D001 with a 30-byte FCP. */
  standard: layout(EVERY_PATH),
  /** Only discovery through EF 2001 (cardpeek): no SFI, identity not at D001, natural-size FCP. */
  discovery: layout({ identity: { fid: 'D011' }, nir: {}, directory: true }),
  /** Only SFI reads after selecting the application (Rufus): no EF 2001, identity not at D001. */
  sfi: layout({ identity: { fid: 'D011', sfi: 2 }, nir: { sfi: 2 }, directory: false }),
  /** Identity only by SELECT D001 + GET RESPONSE of a 30-byte FCP + READ BINARY 7C (the Node.js reader); NIR by SFI. */
  'fci-get-response': layout({ identity: { fciSize: 30, size: 0x7c }, nir: { sfi: 2 }, directory: false }),
  /** Every path, but SELECT answers `6A 86` to P2 `0C`. */
  'select-00-only': layout({ ...EVERY_PATH, selectP2: '00' }),
  /** Every path, but SELECT answers `6A 86` to P2 `00`: no FCI at all. */
  'select-0C-only': layout({ ...EVERY_PATH, selectP2: '0C' }),
};
