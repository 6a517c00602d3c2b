import { RESOURCE_ROW_SIZE } from './constants.js';

/** One GALSS resource (a LAD) as the info library lists it. */
export interface GalssResource {
  /** The resource name applications open (`NomLAD`), e.g. `Vitale`. */
  readonly name: string;
  /** Other names for the same LAD (`NomAliasN`), e.g. `TRANSPA2`. */
  readonly aliases: readonly string[];
  readonly lad: number;
  readonly pad: number;
  readonly channel: number;
  /** 1 serial PSS terminal, 3 PC/SC reader through GALSS. */
  readonly channelType: number;
  readonly connectionType: number;
  readonly protocol: number;
}

function cText(row: Uint8Array, offset: number, length: number): string {
  const field = row.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return Buffer.from(field.subarray(0, end < 0 ? length : end))
    .toString('latin1')
    .trim();
}

/**
 * Decodes `DonneTableRessources` rows (26 bytes, packed): alias[9], name[9],
 * LAD, PAD, channel index, channel type, connection type (u16), protocol
 * (u16), the u16 in the host's byte order (`littleEndian`, default the usual
 * x86/ARM one). Rows of one name are merged, their aliases collected.
 */
export function parseResourceTable(table: Uint8Array, littleEndian = true): GalssResource[] {
  const byName = new Map<string, GalssResource & { aliases: string[] }>();
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  for (let at = 0; at + RESOURCE_ROW_SIZE <= table.length; at += RESOURCE_ROW_SIZE) {
    const row = table.subarray(at, at + RESOURCE_ROW_SIZE);
    const alias = cText(row, 0, 9);
    const name = cText(row, 9, 9) || alias;
    if (!name) continue;
    let resource = byName.get(name);
    if (!resource) {
      resource = {
        name,
        aliases: [],
        lad: row[18]!,
        pad: row[19]!,
        channel: row[20]!,
        channelType: row[21]!,
        connectionType: view.getUint16(at + 22, littleEndian),
        protocol: view.getUint16(at + 24, littleEndian),
      };
      byName.set(name, resource);
    }
    if (alias && alias !== name && !resource.aliases.includes(alias)) resource.aliases.push(alias);
  }
  return [...byName.values()];
}
