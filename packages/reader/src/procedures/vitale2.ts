import {
  decodeDirectory,
  type FileKind,
  type FileLocation,
  MF_VITALE_AID,
  parseTlv,
  type RawFile,
  VITALE_AID,
} from '@openvitale/decoder';
import { type CommandApdu, equalBytes } from '@openvitale/transport';
import { readBinary, readBinarySfi, selectFid } from '../apdus.js';
import type { ReadStep } from '../errors.js';
import { type CardConversation, isNotFoundStatus, isProtectedStatus } from './files.js';

/**
 * The identity file: EF `D001` under MF_VITALE, reachable as SFI 2 on at
 * least some cards. The NIR file: SFI 2 under VITALE; its FID is not known
 * to be fixed. EF `2001` under VITALE maps the card. [M, docs/domain/vitale-card.md §3.3]
 */
const IDENTITY_SFI = 2;
const IDENTITY_FID = 0xd001;
const NIR_SFI = 2;
const DIRECTORY_FID = 0x2001;
const PERSON_TAG = 0x65;

/**
 * Answers meaning "this card does not take that shortcut" (no such SFI,
 * function or parameters not supported, no current EF): the reader goes on
 * to the next path rather than reporting the file. [M]
 */
const SHORTCUT_REFUSED = new Set([0x6a82, 0x6a81, 0x6a86, 0x6a88, 0x6b00, 0x6d00, 0x6981, 0x6986, 0x6700]);

interface Side {
  readonly kind: FileKind;
  readonly step: ReadStep;
  readonly aid: Uint8Array;
  readonly sfi: number;
  /** A FID to try when the SFI is refused. */
  readonly fid?: number;
}

const IDENTITY: Side = {
  kind: 'identity',
  step: 'read-identity',
  aid: MF_VITALE_AID,
  sfi: IDENTITY_SFI,
  fid: IDENTITY_FID,
};
const NIR: Side = { kind: 'nir', step: 'read-nir', aid: VITALE_AID, sfi: NIR_SFI };

/**
 * Identification read: the fewest APDUs the card allows, and never more
 * than the full read of the same card. On a card that takes the shortcuts:
 * SELECT VITALE, READ BINARY SFI 2, SELECT MF_VITALE, READ BINARY SFI 2
 * (four APDUs). The NIR side goes first because EF `2001` lives there: when
 * its SFI is refused, the card is not one that takes shortcuts, and the read
 * goes on through EF `2001` in the application already selected, without
 * probing the identity side's shortcuts first (a card where only EF `2001`
 * leads to the files costs its discovery path plus that one refused READ).
 * The identity side's shortcuts are tried only when EF `2001` does not lead
 * to the identity, or when the NIR came by its SFI.
 */
export async function collectIdentification(conversation: CardConversation): Promise<RawFile[]> {
  const nir = await readSide(conversation, NIR);
  if (!nir) {
    const discovered = await discover(conversation, isVitaleApplication, { untilPersons: true });
    if (discovered.some((file) => isPersonsFileOf(file, IDENTITY.aid))) return discovered;
    const identity = await readSide(conversation, IDENTITY);
    return identity ? [identity, ...discovered] : discovered;
  }
  const identity = await readSide(conversation, IDENTITY);
  if (identity) return [identity, nir];
  const wanted = (aid: Uint8Array) => equalBytes(aid, IDENTITY.aid);
  return [nir, ...(await discover(conversation, wanted, { untilPersons: true }))];
}

const isVitaleApplication = (aid: Uint8Array) => equalBytes(aid, IDENTITY.aid) || equalBytes(aid, NIR.aid);

/** A file of the application `aid` that was read and holds person templates. */
function isPersonsFileOf(file: RawFile, aid: Uint8Array): boolean {
  const where = file.location.aid;
  return file.status === 'read' && where !== undefined && equalBytes(where, aid) && holdsPersons(file.data);
}

/**
 * Full read: EF `2001`, then every file it lists, one SELECT per
 * application (cardpeek selects the application again before each file).
 * When the card has no readable EF `2001`, the identification shortcuts
 * stand in for it.
 */
export async function collectFull(conversation: CardConversation): Promise<RawFile[]> {
  const files = await discover(conversation, () => true, { untilPersons: false });
  const directory = files[0];
  if (directory?.status === 'read') return files;
  for (const side of [IDENTITY, NIR]) {
    const file = await readSide(conversation, side);
    if (file) files.push(file);
  }
  return files;
}

/** One side by its shortcuts; `undefined` when the card refuses them all. */
async function readSide(conversation: CardConversation, side: Side): Promise<RawFile | undefined> {
  conversation.step = side.step;
  const selected = await conversation.selectApplication(side.aid);
  if (selected !== 0x9000) return undefined;
  const bySfi = await readFile(conversation, readBinarySfi(side.sfi), side.kind, {
    aid: side.aid,
    sfi: side.sfi,
  });
  if (!isRefusedShortcut(bySfi)) return bySfi;
  if (side.fid === undefined) return undefined;
  const fid = side.fid;
  const byFid = await selectAndRead(conversation, fid, side.kind, { aid: side.aid, fid });
  return isRefusedShortcut(byFid) ? undefined : byFid;
}

function isRefusedShortcut(file: RawFile): boolean {
  return (
    file.status !== 'read' &&
    file.status !== 'protected' &&
    file.sw !== undefined &&
    SHORTCUT_REFUSED.has(file.sw)
  );
}

/**
 * Reads EF `2001` and then the files it lists whose application `wanted`
 * accepts, grouped by application in the order EF `2001` lists them.
 * EF `2001` itself comes first in the result (read, or why not). With
 * `untilPersons`, stops in each application at the first file holding
 * person templates (`65`): an identification read needs no more.
 */
async function discover(
  conversation: CardConversation,
  wanted: (aid: Uint8Array) => boolean,
  options: { readonly untilPersons: boolean },
): Promise<RawFile[]> {
  const location: FileLocation = { aid: VITALE_AID, fid: DIRECTORY_FID };
  conversation.step = 'read-map';
  const app = await conversation.selectApplication(VITALE_AID);
  if (app !== 0x9000) return [selectFailure('directory', location, app)];
  const directoryFile = await selectAndRead(conversation, DIRECTORY_FID, 'directory', location);
  if (directoryFile.status !== 'read') return [directoryFile];
  const files: RawFile[] = [directoryFile];
  const directory = decodeDirectory(directoryFile.data).value;
  const listed = directory.files.filter(
    (f) => f.aid !== null && wanted(f.aid) && f.fid.value !== DIRECTORY_FID,
  );
  // The current application (VITALE, for EF 2001) first saves a SELECT; the files are then put
  // back in the order EF 2001 lists them, which is the order the decoder numbers persons in.
  const listedApps = unique(listed.map((f) => f.aid!));
  const applications = [...listedApps].sort(
    (a, b) => Number(equalBytes(b, VITALE_AID)) - Number(equalBytes(a, VITALE_AID)),
  );
  conversation.step = 'read-file';
  const read = new Map<(typeof listed)[number], RawFile>();
  for (const aid of applications) {
    const selected = await conversation.selectApplication(aid);
    for (const entry of listed.filter((f) => equalBytes(f.aid!, aid))) {
      const where: FileLocation = { aid, fid: entry.fid.value, name: entry.name.value };
      const kind: FileKind = entry.fid.value === IDENTITY_FID ? 'identity' : 'other';
      const file =
        selected === 0x9000
          ? await selectAndRead(conversation, entry.fid.value, kind, where)
          : selectFailure(kind, where, selected);
      read.set(entry, file);
      if (options.untilPersons && file.status === 'read' && holdsPersons(file.data)) break;
    }
  }
  files.push(...listed.flatMap((entry) => read.get(entry) ?? []));
  return files;
}

async function selectAndRead(
  conversation: CardConversation,
  fid: number,
  kind: FileKind,
  location: FileLocation,
): Promise<RawFile> {
  const selected = await conversation.select((form) => selectFid(fid, form));
  if (selected !== 0x9000) return selectFailure(kind, location, selected);
  return readFile(conversation, readBinary(0), kind, location);
}

async function readFile(
  conversation: CardConversation,
  first: CommandApdu,
  kind: FileKind,
  location: FileLocation,
): Promise<RawFile> {
  const outcome = await conversation.readToEnd(first);
  if (outcome.ok) return { kind, location, status: 'read', data: outcome.data, sw: outcome.sw };
  // 6986 ("no current EF") answers an SFI the card does not know; after a SELECT it marks a protected file [L].
  const bySfi = (first.p1 & 0x80) !== 0;
  if (isProtectedStatus(outcome.sw) && !(bySfi && outcome.sw === 0x6986)) {
    return { kind, location, status: 'protected', sw: outcome.sw };
  }
  return { kind, location, status: 'failed', sw: outcome.sw, reason: 'READ BINARY refused' };
}

function selectFailure(kind: FileKind, location: FileLocation, sw: number): RawFile {
  if (isNotFoundStatus(sw)) return { kind, location, status: 'absent', sw };
  return { kind, location, status: 'failed', sw, reason: 'SELECT refused' };
}

/** Whether the file's top level has a person template (`65`). */
function holdsPersons(data: Uint8Array): boolean {
  return parseTlv(data).value.nodes.some((node) => node.tag === PERSON_TAG);
}

function unique(aids: readonly Uint8Array[]): Uint8Array[] {
  return aids.filter((aid, i) => aids.findIndex((other) => equalBytes(other, aid)) === i);
}
