export { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
export type { CardKind, VirtualCard } from './card.js';
export { createCard } from './cards/create.js';
export { buildOtherCard, CPS_ATR } from './cards/other.js';
export { VITALE1_ATR, Vitale1Card } from './cards/vitale1/card.js';
export { MF_VITALE_AID, VITALE_AID, VITALE2_ATR } from './cards/vitale2/aids.js';
export { buildVitale2, fileContent, resolveLayout } from './cards/vitale2/build.js';
export { cardDataFile, directoryFile, identityFile, nirFile } from './cards/vitale2/content.js';
export { LAYOUTS } from './cards/vitale2/layouts.js';
export {
  openVirtualCard,
  type VirtualProviderOptions,
  VirtualTransport,
  VirtualTransportProvider,
} from './connectors/in-process.js';
export { checkFaults, type Fault } from './faults.js';
export { IsoCard, type IsoCardSpec } from './iso/iso-card.js';
export { REFUSED_INSTRUCTIONS, type RefusedCommand } from './iso/refused.js';
export type {
  ApplicationProfile,
  CardDataProfile,
  CardProfile,
  CardType,
  ContentPart,
  ExtraTag,
  FileContent,
  FileProfile,
  LayoutName,
  LayoutProfile,
  OtherCardProfile,
  PersonProfile,
  Vitale1Profile,
  Vitale2Profile,
} from './profile.js';
export { LAYOUT_NAMES } from './profile.js';
export { ProfileError } from './profile-error.js';
export { BUNDLED_PROFILES, type BundledProfileName, bundledProfile, loadProfile } from './profiles.js';
export { CardRunner, type ExchangeResult, type RunnerOptions } from './runner.js';
export {
  characterTimeMs,
  DEFAULT_CLOCK_HZ,
  DEFAULT_READER_OVERHEAD_MS,
  exchangeTimeMs,
  lineCharacters,
  modelledTimeMs,
  ratesFromAtr,
  type TimingModel,
  timingFromAtr,
} from './timing.js';
export { encodeLength, type TlvOptions, tlv } from './tlv.js';
export { parseProfile } from './validate.js';
