export {
  isOpenVitaleError,
  OpenVitaleError,
  type OpenVitaleErrorJson,
  type OpenVitaleErrorOptions,
  withAction,
} from './error.js';
