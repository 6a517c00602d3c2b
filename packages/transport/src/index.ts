export { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
export {
  type ApduCase,
  apduCase,
  type CommandApdu,
  decodeCommand,
  type EncodeOptions,
  encodeCommand,
  encodeResponse,
  parseResponse,
  type ResponseApdu,
} from './apdu.js';
export {
  ApduFormatError,
  CardStatusError,
  isTransportErrorCode,
  swHex,
  TRANSPORT_ERROR_ACTIONS,
  TRANSPORT_ERROR_CODES,
  TransportError,
  type TransportErrorCode,
  type TransportErrorOptions,
} from './errors.js';
export { concatBytes, equalBytes, fromHex, toHex } from './hex.js';
export { loadFirstLibrary } from './library.js';
export { Listeners } from './listeners.js';
export { matchName, type Named } from './names.js';
export { matchesStatus, type SendOptions, type StatusPattern, send } from './send.js';
export { SessionGate } from './session.js';
export { describeStatusWord, type StatusCategory, type StatusWordInfo } from './status-words.js';
export { ECHO_MAX_CHARS, printable, quote } from './text.js';
export {
  abortReason,
  anySignal,
  type Deadline,
  deadline,
  MAX_TIMER_MS,
  monotonicNow,
  raceAbort,
  sleep,
  throwIfAborted,
  timeLeft,
} from './timers.js';
export {
  formatTrace,
  parseTrace,
  type ReplayOptions,
  ReplayTransport,
  recordTrace,
  TRACE_VERSION,
  type Trace,
  TraceFormatError,
  type TraceRecord,
  type TraceRecording,
} from './trace.js';
export {
  type ApduChannel,
  type ApduTransport,
  type CardState,
  type OpenOptions,
  type ReaderEvent,
  type ReaderState,
  type SessionOptions,
  TRANSPORT_SPECIFICATION_VERSION,
  type TransmitOptions,
  type TransportEvent,
  type TransportProvider,
  type WatchOptions,
} from './transport.js';
export { EventQueue, readerEvents } from './watch.js';
