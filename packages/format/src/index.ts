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
  XmlProfile,
} from './options.js';
export { XML_PROFILES } from './options.js';
export { toText } from './text/render.js';
export { OFFICIAL_ELEMENTS, type OfficialElements, officialPaths } from './xml/official.js';
export { parseXml } from './xml/parse.js';
export { NAMESPACE, type XmlElement, type XmlValue, xmlTree } from './xml/tree.js';
export { toXml, toXmlString } from './xml/write.js';
