import { fileURLToPath } from 'node:url';

export { CardSlot } from './card-slot.js';
export {
  EXCLUSIVITY_RULES,
  type ExclusivityRule,
  loadMockConfig,
  MOCK_FAULTS,
  type MockConfig,
  type MockFault,
  type MockResource,
  readMockConfig,
} from './config.js';
export {
  type GalssMock,
  type GalssMockOptions,
  type MockCall,
  type MockOverlap,
  resourceTable,
  startGalssMock,
} from './server.js';
export { CR, pssExchange } from './terminal.js';
export {
  exchangesOutsideExclusivity,
  exclusivityGrantedTwice,
  mockSocketPath,
  RENAMED_SITE_INI,
  SITE_INI,
  sessionsOf,
} from './testing.js';

/** The stand-in client library, as built by this package's `build` script (`make`). */
export const MOCK_CLIENT_LIBRARY = fileURLToPath(new URL('../build/libgalcllux.so', import.meta.url));
/** The stand-in info library. */
export const MOCK_INFO_LIBRARY = fileURLToPath(new URL('../build/libgalinlux.so', import.meta.url));
