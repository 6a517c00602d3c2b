import { vitaleAidName } from './aids.js';
import { type FileContext, report, subField } from './context.js';
import { type DecodeResult, DiagnosticSink, finish } from './diagnostics.js';
import { type UnknownNode, unknownOf } from './field.js';
import type { Directory, DirectoryApplication, DirectoryFile } from './model.js';
import { type DecodeOptions, resolveOptions } from './options.js';
import { decodeText } from './text.js';
import { readTlv, type TlvNode } from './tlv.js';

const TEMPLATE = 0xe0;
const APPLICATIONS = 0xa0;
const APPLICATION = 0x82;
const FILE = 0x80;
/** Entry number (2) + unknown (2) + at least one AID byte. */
const MIN_APPLICATION_LENGTH = 5;
/** Name (8) + application entry (2) + FID (2). */
const FILE_ENTRY_LENGTH = 12;

const uint16 = (bytes: Uint8Array, at: number) => bytes[at]! * 256 + bytes[at + 1]!;

/** Decodes the top-level objects of EF 2001 (`E0` { `A0` { `82`… } `80`… }). */
export function readDirectory(nodes: readonly TlvNode[], ctx: FileContext): Directory {
  const unknown: UnknownNode[] = [];
  const applications: DirectoryApplication[] = [];
  const entries: DirectoryFile[] = [];
  const template = nodes.find((node) => node.tag === TEMPLATE && node.children !== null);
  if (template === undefined && nodes.length > 0) {
    ctx.sink.add('DIRECTORY_NO_TEMPLATE', 'EF 2001 without an E0 template', nodes[0]!.offset, ctx.prefix);
  }
  if (template !== undefined) for (const node of nodes) if (node !== template) unknown.push(unknownOf(node));
  for (const node of template?.children ?? nodes) {
    if (node.tag === APPLICATIONS && node.children !== null) {
      for (const child of node.children) {
        const app = child.tag === APPLICATION ? readApplication(child, ctx) : null;
        if (app === null) unknown.push(unknownOf(child));
        else applications.push(app);
      }
    } else {
      const file = node.tag === FILE ? readFile(node, ctx) : null;
      if (file === null) unknown.push(unknownOf(node));
      else entries.push(file);
    }
  }
  const files = entries.map((file) => ({
    ...file,
    aid: applications.find((app) => app.entry.value === file.application.value)?.aid.value ?? null,
  }));
  return { file: ctx.file, applications, files, unknown };
}

function readApplication(node: TlvNode, ctx: FileContext): DirectoryApplication | null {
  const v = node.value;
  if (v.length < MIN_APPLICATION_LENGTH) {
    report(ctx, 'DIRECTORY_ENTRY_MALFORMED', `Application entry of ${v.length} bytes`, node);
    return null;
  }
  const aid = v.subarray(4);
  return {
    entry: subField(node, 0, 2, uint16(v, 0)),
    unknownBytes: subField(node, 2, 4, v.subarray(2, 4)),
    aid: subField(node, 4, v.length, aid),
    name: vitaleAidName(aid),
  };
}

function readFile(node: TlvNode, ctx: FileContext): DirectoryFile | null {
  const v = node.value;
  if (v.length !== FILE_ENTRY_LENGTH) {
    report(
      ctx,
      'DIRECTORY_ENTRY_MALFORMED',
      `File entry of ${v.length} bytes, ${FILE_ENTRY_LENGTH} expected`,
      node,
    );
    return null;
  }
  return {
    name: subField(node, 0, 8, decodeText(v.subarray(0, 8)).text),
    application: subField(node, 8, 10, uint16(v, 8)),
    fid: subField(node, 10, 12, uint16(v, 10)),
    aid: null,
  };
}

/** Decodes the bytes of EF 2001 on their own. */
export function decodeDirectory(bytes: Uint8Array, options?: DecodeOptions): DecodeResult<Directory> {
  const { strict, limits } = resolveOptions(options);
  const sink = new DiagnosticSink();
  const ctx: FileContext = { file: 0, prefix: '', sink, limits };
  const tree = readTlv(bytes, limits, sink);
  return finish(readDirectory(tree.nodes, ctx), sink.list, strict);
}
