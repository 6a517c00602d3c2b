import { concatBytes, fromHex } from '@openvitale/transport';
import { latin1Bytes } from '../../latin1.js';
import type { ApplicationProfile, CardDataProfile, ExtraTag, PersonProfile } from '../../profile.js';
import { constructed, type TlvOptions, tlv } from '../../tlv.js';

const TAG = (hex: string) => fromHex(hex);
const ascii = (text: string) => latin1Bytes(text);

function extraTags(
  extra: readonly ExtraTag[] | undefined,
  file: 'identity' | 'nir' | 'card',
  options: TlvOptions,
) {
  return (extra ?? [])
    .filter((e) => file === 'card' || (e.file ?? 'identity') === file)
    .map((e) => tlv(TAG(e.tag), e.hex !== undefined ? fromHex(e.hex) : latin1Bytes(e.text ?? ''), options));
}

/** One `65` template per person: `80` nom, `81` prénom, `82` date of birth, then extra tags. */
export function identityFile(persons: readonly PersonProfile[], options: TlvOptions): Uint8Array {
  return concatBytes(
    ...persons.map((p) =>
      constructed(
        TAG('65'),
        [
          tlv(TAG('80'), latin1Bytes(p.nom), options),
          tlv(TAG('81'), latin1Bytes(p.prenom), options),
          tlv(TAG('82'), ascii(p.birthDate), options),
          ...extraTags(p.extra, 'identity', options),
        ],
        options,
      ),
    ),
  );
}

/** One `65` template per person with `93` NIR (15 ASCII characters), then extra tags. */
export function nirFile(persons: readonly PersonProfile[], options: TlvOptions): Uint8Array {
  return concatBytes(
    ...persons.map((p) =>
      constructed(
        TAG('65'),
        [tlv(TAG('93'), ascii(p.nir), options), ...extraTags(p.extra, 'nir', options)],
        options,
      ),
    ),
  );
}

/** `66 { 80 validity start }` then the certificate objects `7F21`, `5F37`, `5F38`. */
export function cardDataFile(data: CardDataProfile | undefined, options: TlvOptions): Uint8Array {
  if (!data) return new Uint8Array(0);
  const blobs: [string, string | undefined][] = [
    ['7F21', data.certificate],
    ['5F37', data.signature],
    ['5F38', data.publicKeyRemainder],
  ];
  return concatBytes(
    constructed(
      TAG('66'),
      [tlv(TAG('80'), ascii(data.validityStart), options), ...extraTags(data.extra, 'card', options)],
      options,
    ),
    ...blobs.flatMap(([tag, hex]) => (hex === undefined ? [] : [tlv(TAG(tag), fromHex(hex), options)])),
  );
}

const u16 = (value: number) => Uint8Array.of(value >> 8, value & 0xff);

/**
 * EF `2001`, the map of the card:
 * `E0 { A0 { 82 (entry, info, AID)... }, 80 (name 8, owner entry, FID)... }`.
 */
export function directoryFile(applications: readonly ApplicationProfile[], options: TlvOptions): Uint8Array {
  const listed = applications.map((app, index) => ({ app, entry: app.entry ?? index + 1 }));
  const apps = listed
    .filter(({ app }) => app.listed !== false)
    .map(({ app, entry }) =>
      tlv(TAG('82'), concatBytes(u16(entry), fromHex(app.info ?? '0000'), fromHex(app.aid)), options),
    );
  const files = listed.flatMap(({ app, entry }) =>
    app.files
      .filter((f) => f.listed ?? f.content !== 'directory')
      .map((f) =>
        tlv(TAG('80'), concatBytes(ascii(f.name.padEnd(8, ' ')), u16(entry), fromHex(f.fid)), options),
      ),
  );
  return constructed(TAG('E0'), [constructed(TAG('A0'), apps, options), ...files], options);
}
