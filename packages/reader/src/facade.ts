import { join } from 'node:path';
import { toXml, type XmlOptions, type XmlProfile } from '@openvitale/format';
import { type TransportEvent, type TransportProvider, toHex } from '@openvitale/transport';
import { CONFIG_MAX_BYTES, parseConfig, type ReaderConfig } from './config.js';
import { ReadError, type ReadErrorCode, readErrorFrom } from './errors.js';
import { loadProvider } from './providers.js';
import type { CardRead, ReadScope } from './read.js';
import { readTextFile } from './text-file.js';
import { readNextCard } from './wait.js';

/**
 * The card states the closed API reports (their values are not public; a
 * peer that wraps it exposes these [M]), as far as an open reader can tell:
 * a Vitale 2 read without a CPx does not say whether the card is real, a
 * test or a demonstration card, so `read` carries no such claim.
 * `layout-not-public` is ours: a Vitale 1, whose persons an open reader
 * cannot decode (its memory layout was never published).
 */
export type CardState =
  | 'read'
  | 'card-missing'
  | 'card-error'
  | 'not-vitale'
  | 'layout-not-public'
  | 'api-error';

export type FacadeResult =
  | { readonly ok: true; readonly cardState: 'read'; readonly xml: Uint8Array; readonly read: CardRead }
  | { readonly ok: false; readonly cardState: Exclude<CardState, 'read'>; readonly error: ReadError };

export interface FacadeOptions {
  /** The provider to read through. Default: the one `Mode` names, loaded on first use. */
  readonly provider?: TransportProvider;
  /** Where `NiveauTrace` lines go. Default: standard error. */
  readonly log?: (line: string) => void;
  /**
   * The XML profile of `xml`: `official` (default), what a 6.31 consumer
   * reads; `extended` adds OpenVitale's namespaced elements, and is the only
   * one a full read of a Vitale 1 (a raw dump, no person) can be written in.
   */
  readonly xmlProfile?: XmlProfile;
}

const CARD_STATES: Partial<Record<ReadErrorCode, Exclude<CardState, 'read'>>> = {
  NO_CARD: 'card-missing',
  CARD_REMOVED: 'card-missing',
  NOT_VITALE: 'not-vitale',
  LAYOUT_NOT_PUBLIC: 'layout-not-public',
  CARD_MUTE: 'card-error',
  CARD_ERROR: 'card-error',
  DECODE: 'card-error',
};

/**
 * The closed API's shape for sites that migrate from it: `init` from the
 * folder holding `api_lec.ini` (`Hn_Init`), an identification read with a
 * wait in seconds returning the XML and a card state
 * (`Hn_LectureVitaleDonneesIdentification`), a full read, and `finish`
 * (`Hn_Finir`). Read failures are results, as in the C API; only `init`
 * throws (a `ConfigError` naming the file and line).
 */
export class ApiLec {
  readonly config: ReaderConfig;
  readonly #options: FacadeOptions;
  #provider: TransportProvider | undefined;
  #finished = false;

  private constructor(config: ReaderConfig, options: FacadeOptions) {
    this.config = config;
    this.#options = options;
    this.#provider = options.provider;
  }

  /** Reads `<dir>/api_lec.ini` (UTF-8 with or without BOM, UTF-16 with BOM, or Latin-1; at most 1 MiB). */
  static async init(dir: string, options: FacadeOptions = {}): Promise<ApiLec> {
    const path = join(dir, 'api_lec.ini');
    const { text } = await readTextFile(path, { maxBytes: CONFIG_MAX_BYTES });
    return new ApiLec(parseConfig(text, path), options);
  }

  /** The identification-only read: waits up to `waitSeconds` for a card. */
  readIdentification(waitSeconds: number): Promise<FacadeResult> {
    return this.#read('identification', waitSeconds);
  }

  /** The full read: identification plus everything freely readable. */
  readFull(waitSeconds: number): Promise<FacadeResult> {
    return this.#read('full', waitSeconds);
  }

  /** Ends the use of the API; later reads fail with `api-error`. Idempotent. */
  async finish(): Promise<void> {
    this.#finished = true;
    const provider = this.#provider as (TransportProvider & { close?: () => Promise<void> }) | undefined;
    if (provider !== this.#options.provider) await provider?.close?.();
    this.#provider = undefined;
  }

  async #read(scope: ReadScope, waitSeconds: number): Promise<FacadeResult> {
    try {
      if (this.#finished) {
        throw new ReadError('CLOSED', 'connect', 'The API was finished', { action: 'init it again' });
      }
      if (!(Number.isFinite(waitSeconds) && waitSeconds >= 0)) {
        throw new ReadError(
          'PROTOCOL',
          'wait-for-card',
          `The wait must be a number of seconds, got ${waitSeconds}`,
          { action: 'give 0 or more seconds' },
        );
      }
      this.#provider ??= await loadProvider(this.config.mode, {
        ...(this.config.galssLibrary === undefined ? {} : { galssLibrary: this.config.galssLibrary }),
        reader: this.config.vitaleReader,
      });
      const read = await readNextCard(this.#provider, {
        scope,
        reader: this.config.vitaleReader,
        waitTimeoutMs: waitSeconds * 1000,
        timeoutMs: this.config.readTimeoutMs,
        // NiveauTrace=2: every APDU's header and status, never its data (NIR and names stay out of logs).
        ...(this.config.traceLevel >= 2
          ? { onEvent: (event: TransportEvent) => this.#log(describe(event)) }
          : {}),
      });
      return { ok: true, cardState: 'read', xml: toXml(read.card, this.#xmlOptions(scope)), read };
    } catch (error) {
      const readError = readErrorFrom(error, 'decode');
      if (this.config.traceLevel >= 1)
        this.#log(`error ${readError.code} at ${readError.step}: ${readError.message}`);
      return { ok: false, cardState: CARD_STATES[readError.code] ?? 'api-error', error: readError };
    }
  }

  #xmlOptions(scope: ReadScope): XmlOptions {
    // A name the card holds is Latin-1 by construction; should one not be, a character reference keeps it intact.
    return {
      profile: this.#options.xmlProfile ?? 'official',
      centreCarte0000: this.config.centreCarte0000,
      identificationOnly: scope === 'identification',
      unrepresentable: 'char-ref',
    };
  }

  #log(line: string): void {
    (this.#options.log ?? ((text: string) => process.stderr.write(`${text}\n`)))(`openvitale: ${line}`);
  }
}

function describe(event: TransportEvent): string {
  const hex = (bytes: Uint8Array) => toHex(bytes, ' ');
  switch (event.type) {
    case 'reset':
      return `reset, ATR ${hex(event.atr)}`;
    case 'exchange':
      return `> ${hex(event.command.subarray(0, 4))} (${event.command.length} bytes) < ${hex(event.response.subarray(-2))} (${event.response.length - 2} data bytes)`;
    case 'exchange-error':
      return `> ${hex(event.command.subarray(0, 4))} ! ${event.error.code}`;
  }
}
