import { CARD_DATA_TAG, certificateOf, OPAQUE_TAGS, readCardData } from './card-data.js';
import { type FileContext, report } from './context.js';
import { type DecodeResult, DiagnosticSink, finish } from './diagnostics.js';
import { readDirectory } from './directory.js';
import { type UnknownNode, unknownOf } from './field.js';
import type { FileKind, Generation, RawCardRead, RawFile } from './input.js';
import type { Card, CardData, CertificateBlob, Directory, FileReport, Person, ReadScope } from './model.js';
import { type DecodeOptions, resolveOptions } from './options.js';
import { PERSON_TAG, type PersonTemplate, readPersonTemplate } from './person.js';
import { notAvailable, type UnavailableReason } from './rights.js';
import { readTlv, type TlvNode } from './tlv.js';
import { unpackVitale1 } from './vitale1.js';

const DIRECTORY_FID = 0x2001;

/** What the files of one card add up to, filled file by file. */
interface Collected {
  directory: Directory | null;
  cardData: CardData | null;
  readonly certificates: CertificateBlob[];
  readonly identity: PersonTemplate[];
  readonly nir: PersonTemplate[];
}

/** Per generation: what the model holds, why rights are missing, why persons are (when they are). */
const SCOPES: Readonly<
  Record<Generation, { scope: ReadScope; reason: UnavailableReason; persons: UnavailableReason | null }>
> = {
  'vitale-2': { scope: 'administrative-only', reason: 'cpx-required', persons: null },
  'vitale-1': { scope: 'raw-memory', reason: 'layout-not-public', persons: 'layout-not-public' },
  'not-vitale': { scope: 'none', reason: 'not-vitale', persons: 'not-vitale' },
};

/**
 * Assembles the card model from what a reader collected. Pure: never throws
 * on malformed bytes (strict mode excepted), never invents a value.
 */
export function decodeCard(input: RawCardRead, options?: DecodeOptions): DecodeResult<Card> {
  const { strict, limits } = resolveOptions(options);
  const sink = new DiagnosticSink();
  const collected: Collected = { directory: null, cardData: null, certificates: [], identity: [], nir: [] };
  const files = (input.files ?? []).map((raw, index) =>
    reportFile(raw, { file: index, prefix: `files[${index}]`, sink, limits }, collected),
  );
  const { scope, reason, persons } = SCOPES[input.generation];
  const card: Card = {
    generation: input.generation,
    atr: input.atr,
    readScope: scope,
    content: input.content ?? 'full',
    personsUnavailable: persons === null ? null : notAvailable(persons),
    directory: collected.directory,
    cardData: collected.cardData,
    certificates: collected.certificates,
    persons: pairPersons(collected, reason, sink),
    files,
    vitale1: input.vitale1 === undefined ? null : unpackVitale1(input.vitale1, limits, sink),
    workAccidents: notAvailable(reason),
    diagnostics: sink.list,
  };
  return finish(card, sink.list, strict);
}

function reportFile(raw: RawFile, ctx: FileContext, collected: Collected): FileReport {
  const data = raw.status === 'read' && raw.data instanceof Uint8Array ? raw.data : null;
  if (raw.status === 'read' && data === null) {
    ctx.sink.add('FILE_INCONSISTENT', 'A file marked read came without bytes', -1, ctx.prefix);
  }
  const tree = data === null ? null : readTlv(data, ctx.limits, ctx.sink, ctx.prefix, OPAQUE_TAGS);
  let unknown: readonly UnknownNode[] = [];
  let kind = raw.kind;
  if (tree !== null && isDirectory(raw) && collected.directory === null) {
    collected.directory = readDirectory(tree.nodes, ctx);
  } else if (tree !== null) {
    const content = readContent(tree.nodes, raw.kind, ctx, collected);
    unknown = content.unknown;
    if (kind === 'other') kind = content.kind;
  }
  return {
    index: ctx.file,
    kind,
    location: raw.location,
    status: raw.status,
    sw: raw.sw ?? null,
    reason: raw.status === 'failed' ? raw.reason : null,
    data,
    unknown,
    tail: tree?.tail ?? null,
  };
}

function isDirectory(raw: RawFile): boolean {
  return raw.kind === 'directory' || raw.location.fid === DIRECTORY_FID;
}

/**
 * Persons, card data and certificates at the top level of a file; the rest
 * is returned as unknown, with what the person templates make of the file.
 */
function readContent(
  nodes: readonly TlvNode[],
  kind: FileKind,
  ctx: FileContext,
  collected: Collected,
): { readonly unknown: UnknownNode[]; readonly kind: FileKind } {
  const unknown: UnknownNode[] = [];
  let persons = 0;
  let holds: FileKind = 'other';
  for (const node of nodes) {
    const certificate = certificateOf(node, ctx.file);
    if (node.tag === PERSON_TAG && node.children !== null) {
      const template = readPersonTemplate(node, persons++, ctx);
      const nirOnly = !template.identity && (template.nir !== null || kind === 'nir');
      (nirOnly ? collected.nir : collected.identity).push(template);
      if (template.identity) holds = 'identity';
      else if (nirOnly && holds === 'other') holds = 'nir';
    } else if (node.tag === CARD_DATA_TAG && node.children !== null && collected.cardData === null) {
      const { cardData, certificates } = readCardData(node, ctx);
      collected.cardData = cardData;
      collected.certificates.push(...certificates);
    } else if (certificate !== null) {
      collected.certificates.push(certificate);
    } else {
      if (node.tag === CARD_DATA_TAG) {
        report(ctx, 'CARD_DATA_REPEATED', 'A second 66 template', node);
      }
      unknown.push(unknownOf(node));
    }
  }
  return { unknown, kind: holds };
}

/**
 * One person per identity template; the k-th NIR template goes with the k-th
 * identity template (the only public rule), flagged `positional`.
 */
function pairPersons(collected: Collected, reason: UnavailableReason, sink: DiagnosticSink): Person[] {
  const { identity, nir } = collected;
  if (identity.length > 0 && nir.length > 0 && identity.length !== nir.length) {
    sink.add(
      'PAIRING_COUNT_MISMATCH',
      `${identity.length} identity templates, ${nir.length} NIR templates`,
      -1,
      'persons',
    );
  }
  const persons: Person[] = [];
  for (let k = 0; k < Math.max(identity.length, nir.length); k++) {
    const id = identity[k] ?? null;
    const other = nir[k] ?? null;
    const own = id?.nir ?? null;
    persons.push({
      index: k,
      surname: id?.surname ?? null,
      givenName: id?.givenName ?? null,
      birthSurname: null,
      birthDate: id?.birthDate ?? null,
      nationality: id?.nationality ?? null,
      nir: own ?? other?.nir ?? null,
      nirPairing: own !== null ? 'same-template' : other?.nir ? 'positional' : 'none',
      certifiedNir: null,
      certificationDate: null,
      birthRank: null,
      qualite: null,
      rights: notAvailable(reason),
      templates: { identity: id?.source ?? null, nir: other?.source ?? null },
    });
  }
  return persons;
}
