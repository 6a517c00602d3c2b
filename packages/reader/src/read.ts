import { type Card, type Diagnostic, decodeCard, type RawCardRead } from '@openvitale/decoder';
import { type ApduChannel, type ApduTransport, deadline, quote, TransportError } from '@openvitale/transport';
import { checkOptions } from './config.js';
import { type Detection, detect } from './detect.js';
import { ReadError, readErrorFrom } from './errors.js';
import { CardConversation } from './procedures/files.js';
import { dumpVitale1 } from './procedures/vitale1.js';
import { collectFull, collectIdentification } from './procedures/vitale2.js';

export type ReadScope = 'identification' | 'full';

export interface ReadOptions {
  /** Cancels the read. */
  readonly signal?: AbortSignal;
  /** The read's own deadline, apart from any wait for a card. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** How many times a transient transmit failure is retried. Default 2. */
  readonly retries?: number;
  /** Throw a `DECODE` ReadError when the card's data have any diagnostic. Default false. */
  readonly strict?: boolean;
}

const READ_OPTIONS = ['signal', 'timeoutMs', 'retries', 'strict'] as const;
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;

/** A completed read: the decoded card and how it was read. */
export interface CardRead {
  readonly scope: ReadScope;
  readonly reader: string;
  readonly detection: Detection;
  readonly card: Card;
  readonly diagnostics: readonly Diagnostic[];
  /** APDUs exchanged, GET RESPONSE included (the raw level). */
  readonly apdus: number;
  readonly durationMs: number;
}

/**
 * The 6.31 "identification only" read: every person with names, birth date
 * and NIR, through the fewest APDUs the card allows.
 */
export function readIdentification(transport: ApduTransport, options: ReadOptions = {}): Promise<CardRead> {
  return read(transport, 'identification', options, 'readIdentification');
}

/**
 * Everything freely readable: EF `2001`, every file it lists, card data and
 * certificates, with a status per file. Rights stay protected on Vitale 2
 * (`card.readScope === 'administrative-only'`): a normal outcome.
 */
export function readCard(transport: ApduTransport, options: ReadOptions = {}): Promise<CardRead> {
  return read(transport, 'full', options, 'readCard');
}

/** Detection only: the ATR, and at most one confirming command. */
export async function detectCard(transport: ApduTransport, options: ReadOptions = {}): Promise<Detection> {
  checkOptions(options, READ_OPTIONS, 'detectCard');
  using limit = deadline(options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS, options.signal, 'The detection');
  const conversation = new CardConversation(transport, limit.signal);
  try {
    return await transport.session(() => detect(conversation, transport.atr), { signal: limit.signal });
  } catch (error) {
    throw readErrorFrom(error, conversation.step, transport.reader);
  }
}

async function read(
  transport: ApduTransport,
  scope: ReadScope,
  options: ReadOptions,
  api: string,
): Promise<CardRead> {
  checkOptions(options, READ_OPTIONS, api);
  const started = performance.now();
  using limit = deadline(options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS, options.signal, 'The read');
  let apdus = 0;
  const stopCounting = transport.onEvent((event) => {
    if (event.type !== 'reset') apdus++;
  });
  const conversation = (channel: ApduChannel) =>
    new CardConversation(retrying(channel, options.retries ?? DEFAULT_RETRIES), limit.signal);
  let current: CardConversation | undefined;
  try {
    const { detection, raw } = await transport.session(
      async (channel) => {
        current = conversation(channel);
        return collect(current, transport, scope);
      },
      { signal: limit.signal },
    );
    const content = scope === 'identification' ? 'identification' : 'full';
    const { value: card, diagnostics } = decodeCard({ ...raw, content });
    if (options.strict && diagnostics.length > 0) {
      const first = diagnostics[0]!;
      throw new ReadError(
        'DECODE',
        'decode',
        `The card's data are malformed: ${first.message} at ${first.path}`,
        { reader: transport.reader, diagnostics },
      );
    }
    checkIdentities(card, diagnostics, transport.reader);
    return {
      scope,
      reader: transport.reader,
      detection,
      card,
      diagnostics,
      apdus,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    throw readErrorFrom(error, current?.step ?? 'connect', transport.reader);
  } finally {
    stopCounting();
  }
}

/**
 * A Vitale 2 read gives every person with a name and a birth date, or fails:
 * a person the decoder could only half read (a corrupt template, a card
 * pulled mid-file that still answered) is not a clean read, and the
 * decoder's diagnostics say why.
 */
function checkIdentities(card: Card, diagnostics: readonly Diagnostic[], reader: string): void {
  if (card.generation !== 'vitale-2') return;
  const gaps = card.persons.flatMap((person) => {
    const missing = [person.surname ? [] : ['no name'], person.birthDate ? [] : ['no birth date']].flat();
    return missing.length > 0 ? [`person ${person.index + 1} has ${missing.join(' and ')}`] : [];
  });
  if (card.persons.length === 0) gaps.push('no person was found');
  if (gaps.length === 0) return;
  const found = diagnostics.slice(0, 3).map((d) => `${d.code} at ${d.path || '<root>'}`);
  const more = diagnostics.length > 3 ? `, and ${diagnostics.length - 3} more` : '';
  const why = found.length > 0 ? ` (${found.join(', ')}${more})` : '';
  throw new ReadError(
    'DECODE',
    'decode',
    `The card's identity data are incomplete: ${gaps.join('; ')}${why}`,
    {
      reader,
      diagnostics,
      // Not `strict`'s advice: this check holds whatever the options.
      action:
        'reinsert the card and read it again; if it fails again, the card may be damaged: record a trace of the read (recordTrace) and report it',
    },
  );
}

async function collect(
  conversation: CardConversation,
  transport: ApduTransport,
  scope: ReadScope,
): Promise<{ detection: Detection; raw: RawCardRead }> {
  const atr = transport.atr;
  const detection = await detect(conversation, atr);
  switch (detection.kind) {
    case 'vitale-2': {
      const files =
        scope === 'identification'
          ? await collectIdentification(conversation)
          : await collectFull(conversation);
      return { detection, raw: { atr, generation: 'vitale-2', files } };
    }
    case 'vitale-1': {
      if (scope === 'identification') throw layoutNotPublic(transport.reader);
      const vitale1 = await dumpVitale1(conversation, detection.vitale1Info!);
      return { detection, raw: { atr, generation: 'vitale-1', vitale1 } };
    }
    default:
      throw new ReadError(
        'NOT_VITALE',
        'detect',
        `The card in ${quote(transport.reader)} is ${detection.description}.`,
        {
          reader: transport.reader,
        },
      );
  }
}

/**
 * A Vitale 1 is detected and confirmed (`BC C0`), but the layout of its
 * memory was never published [M, docs/domain/vitale-card.md §4]: no person
 * can be decoded, so an identification read fails rather than return nobody.
 * The full read still dumps the memory, and says why there is no person.
 */
function layoutNotPublic(reader: string): ReadError {
  return new ReadError(
    'LAYOUT_NOT_PUBLIC',
    'detect',
    `The card in ${quote(reader)} is a Vitale 1: this card's data layout is not public, so an open reader cannot decode it`,
    {
      reader,
      action:
        "ask for the person's Vitale 2 card (or the appli carte Vitale), or read it in full for the raw memory dump",
    },
  );
}

/**
 * Some readers (keyboard-integrated ones, notably) fail a transmit now and
 * then [M, docs/domain/vitale-card.md §6]: a protocol-level failure is retried a bounded
 * number of times. Every command a read sends (SELECT, READ BINARY) is
 * idempotent. A removed card, an abort or a timeout is never retried.
 */
function retrying(channel: ApduChannel, retries: number): ApduChannel {
  return {
    async transmit(command, options) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await channel.transmit(command, options);
        } catch (error) {
          if (attempt >= retries || !TransportError.isInstance(error) || error.code !== 'PROTOCOL')
            throw error;
        }
      }
    },
  };
}
