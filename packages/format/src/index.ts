export { isOpenVitaleError, OpenVitaleError } from '@openvitale/errors';
export { FormatError, type FormatErrorCode } from './errors.js';
export { toJson, toJsonString } from './json/document.js';
export type * from './json/types.js';
export { SCHEMA_VERSION } from './json/types.js';
export type {
  DocumentOptions,
  TextOptions,
  UnrepresentablePolicy,
  XmlOptions,
} from './options.js';
export { toText } from './text/render.js';
export { parseXml } from './xml/parse.js';
export { type XmlElement, type XmlValue, xmlTree } from './xml/tree.js';
export { toXml, toXmlString } from './xml/write.js';
