export { loadKoffiBinding, type PcscLibraryOptions } from './binding/koffi.js';
export {
  abiNameFor,
  expectedLayout,
  type LayoutFacts,
  PCSC_ABIS,
  PCSC_CONSTANTS,
  type PcscAbi,
  type PcscAbiName,
  type PcscFamily,
} from './binding/layout.js';
export {
  type Disposition,
  type PcscBinding,
  type PcscCardHandle,
  type PcscContext,
  PcscFailure,
  PNP_NOTIFICATION,
  type Protocol,
  type ReaderStatus,
  SCARD_STATE,
  type ShareMode,
} from './binding/port.js';
export { LIBRARY_REQUIREMENTS } from './binding/requirements.js';
export { pcscError } from './errors.js';
export { PCSC_CODES, type PcscCodeName, pcscCode, pcscCodeName } from './pcsc-codes.js';
export {
  createPcscProvider,
  type PcscOpenOptions,
  type PcscProvider,
  type PcscProviderOptions,
} from './provider.js';
export type { PcscReaderState } from './readers.js';
export { DEFAULT_SHARING_RETRY, type SharingRetry } from './retry.js';
export { type AcceptCard, AUTO } from './select.js';
export type { PcscTransport } from './transport.js';
