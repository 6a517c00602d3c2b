export type { GalssBinding } from './binding.js';
export {
  CONVENTIONAL_ALIASES,
  DEFAULT_RESOURCE,
  ECHANGE_LENGTH_BYTES,
  MAX_APP_NAME,
  MAX_RESOURCE_NAME,
  RESOURCE_ROW_SIZE,
} from './constants.js';
export {
  describeGalssStatus,
  describeTerminalCr,
  GALSS_ERRORS,
  galssCodeHex,
  galssError,
  TERMINAL_CRS,
  terminalError,
} from './errors.js';
export {
  CHANNEL_TYPE,
  type GalssChannel,
  type GalssIni,
  GalssIniError,
  type GalssLadEntry,
  type GalssPadEntry,
  type GalssProtocol,
  parseGalssIni,
} from './ini.js';
export { type LibraryOptions, loadGalssBinding } from './koffi-binding.js';
export {
  callingConvention,
  type LibraryNames,
  type LibrarySearch,
  libraryCandidates,
} from './library-paths.js';
export {
  describeResources,
  formatPcscConfig,
  type MigrationOptions,
  type MigrationPlan,
  type PlannedResource,
  planMigration,
  type ResourceRole,
} from './migrate.js';
export {
  type GalssProviderOptions,
  type GalssReaderProbe,
  GalssTransportProvider,
  galssReaderEvents,
} from './provider.js';
export {
  CARD_STATE,
  cardCommandRequest,
  PSS_COMMAND,
  type PssResponse,
  parsePssResponse,
  planTpdu,
  powerOffRequest,
  powerOnRequest,
  presenceRequest,
  type TpduPlan,
} from './pss.js';
export { type GalssResource, parseResourceTable } from './resources.js';
export { GalssTransport, type GalssTransportOptions, openGalssTransport } from './transport.js';
