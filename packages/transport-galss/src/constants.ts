/**
 * Width in bytes of `Echange`'s two length parameters (`requestLen`,
 * `responseLen`). The vendor header declares them `unsigned long *`, which
 * would be 8 bytes on 64-bit Linux and macOS, while the vendor's own PKCS#11
 * client passes 32-bit integers there (docs/domain/official-api.md §2.2). We follow the
 * vendor's client: 4 bytes on every platform (Windows' `unsigned long` is 4
 * bytes anyway). Not verified against the vendor binary: if a real 64-bit
 * Unix library reads 8 bytes, this is the one value to change.
 */
export const ECHANGE_LENGTH_BYTES: 4 | 8 = 4;

/** The resource opened when none is named; its conventional alias is tried next. */
export const DEFAULT_RESOURCE = 'Vitale';

/** Conventional aliases (docs/domain/official-api.md §2.4): LAD 1 `CPS` is `TRANSPA1`, LAD 2 `Vitale` is `TRANSPA2`. */
export const CONVENTIONAL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  vitale: ['TRANSPA2'],
  cps: ['TRANSPA1'],
  transpa2: ['Vitale'],
  transpa1: ['CPS'],
};

/** GALSS limits on names (docs/domain/official-api.md §2.2): application ≤ 16 characters, resource ≤ 8. */
export const MAX_APP_NAME = 16;
export const MAX_RESOURCE_NAME = 8;

/** One row of `DonneTableRessources`, packed. */
export const RESOURCE_ROW_SIZE = 26;
