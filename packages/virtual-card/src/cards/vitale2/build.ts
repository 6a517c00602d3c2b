import { concatBytes, fromHex } from '@openvitale/transport';
import { type DedicatedFile, dfFci, type ElementaryFile, efFcp } from '../../iso/filesystem.js';
import { IsoCard } from '../../iso/iso-card.js';
import type {
  ContentPart,
  FileProfile,
  LayoutProfile,
  PersonProfile,
  Vitale2Profile,
} from '../../profile.js';
import { ProfileError } from '../../profile-error.js';
import type { TlvOptions } from '../../tlv.js';
import { VITALE2_ATR } from './aids.js';
import { cardDataFile, directoryFile, identityFile, nirFile } from './content.js';
import { LAYOUTS } from './layouts.js';

const fid16 = (hex: string) => Number.parseInt(hex, 16);

export function resolveLayout(profile: Vitale2Profile): LayoutProfile {
  const layout = profile.layout ?? 'standard';
  return typeof layout === 'string' ? LAYOUTS[layout] : layout;
}

/** The bytes of one file, padded to its size. */
export function fileContent(
  profile: Vitale2Profile,
  layout: LayoutProfile,
  file: FileProfile,
  path: string,
): Uint8Array {
  const options: TlvOptions = { longLengths: layout.longLengths === true };
  const persons: readonly PersonProfile[] = file.persons
    ? file.persons.map((i) => profile.persons[i]!)
    : profile.persons;
  const part = (p: ContentPart): Uint8Array => {
    if (typeof p !== 'string') return fromHex(p.hex);
    switch (p) {
      case 'identity':
        return identityFile(persons, options);
      case 'nir':
        return nirFile(persons, options);
      case 'card-data':
        return cardDataFile(profile.cardData, options);
      case 'directory':
        return directoryFile(layout.applications, options);
    }
  };
  const parts: readonly ContentPart[] = Array.isArray(file.content)
    ? file.content
    : [file.content as ContentPart];
  const content = concatBytes(...parts.map(part));
  const size = file.size ?? content.length;
  if (content.length > size) {
    throw new ProfileError(
      `${path}.size`,
      `the content takes ${content.length} bytes, more than the size ${size}`,
    );
  }
  const padded = new Uint8Array(size).fill(file.padding === 'FF' ? 0xff : 0x00);
  padded.set(content);
  return padded;
}

/** Builds the file tree of a Vitale 2 profile: the MF_VITALE application as MF, the others under it. */
export function buildVitale2(profile: Vitale2Profile): IsoCard {
  const layout = resolveLayout(profile);
  const layoutPath = typeof profile.layout === 'string' ? `layout(${profile.layout})` : 'layout';
  const applications = layout.applications.map((app, a): DedicatedFile => {
    const children = app.files.map((file, f): ElementaryFile => {
      const content = fileContent(profile, layout, file, `${layoutPath}.applications[${a}].files[${f}]`);
      const fid = fid16(file.fid);
      return {
        kind: 'ef',
        name: file.name,
        fid,
        ...(file.sfi === undefined ? {} : { sfi: file.sfi }),
        content,
        ...(file.protected === undefined ? {} : { protectedSw: fid16(file.protected) }),
        fci: efFcp(fid, content.length, file.sfi, file.fciSize),
      };
    });
    const fid = app.mf === true ? 0x3f00 : app.fid === undefined ? undefined : fid16(app.fid);
    const aid = fromHex(app.aid);
    return {
      kind: 'df',
      name: app.name,
      ...(fid === undefined ? {} : { fid }),
      aid,
      children,
      fci: dfFci(aid, fid),
    };
  });
  const mfIndex = layout.applications.findIndex((app) => app.mf === true);
  const others = applications.filter((_, i) => i !== mfIndex);
  const root = applications[mfIndex];
  const mf: DedicatedFile = root
    ? { ...root, children: [...root.children, ...others] }
    : { kind: 'df', name: 'MF', fid: 0x3f00, children: others, fci: dfFci(undefined, 0x3f00) };
  return new IsoCard({
    kind: 'vitale2',
    atr: profile.atr ? fromHex(profile.atr) : VITALE2_ATR,
    mf,
    selectP2: layout.selectP2 ?? 'both',
    shortRead: layout.shortRead ?? '6282',
  });
}
