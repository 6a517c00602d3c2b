export { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
export {
  readBinary,
  readBinarySfi,
  readVitale1,
  type SelectForm,
  selectAid,
  selectFid,
  VITALE1_INFO,
} from './apdus.js';
export { checkSelector, chooseReader, describeSlots, type ReaderChoice, type SlotReport } from './choose.js';
export {
  CONFIG_MAX_BYTES,
  ConfigError,
  type ConfigErrorCode,
  checkOptions,
  DEFAULT_CONFIG,
  parseConfig,
  type ReaderConfig,
} from './config.js';
export { type CardKind, type Detection, describeKind, isContactlessAtr, kindFromAtr } from './detect.js';
export {
  ReadError,
  type ReadErrorCode,
  type ReadErrorOptions,
  type ReadStep,
  readErrorFrom,
} from './errors.js';
export { ApiLec, type CardState, type FacadeOptions, type FacadeResult } from './facade.js';
export {
  type ImportOptions,
  importTransport,
  type LoadedProvider,
  type LoadProviderOptions,
  loadProvider,
  type TransportKind,
} from './providers.js';
export {
  type CardRead,
  DEFAULT_READ_TIMEOUT_MS,
  detectCard,
  type ReadOptions,
  type ReadScope,
  readCard,
  readIdentification,
} from './read.js';
export {
  decodeTextFile,
  type ReadTextFileOptions,
  readTextFile,
  type TextEncoding,
  type TextFile,
} from './text-file.js';
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  type ReadNextOptions,
  readNextCard,
  readReader,
  type WaitOptions,
  waitForCard,
} from './wait.js';
export { type CardWatchEvent, type WatchCardsOptions, watchCards } from './watcher.js';
