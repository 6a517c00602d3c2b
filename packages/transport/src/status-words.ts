/**
 * ISO/IEC 7816-4 status words (section 5.1.3), grouped by meaning. Used in
 * error texts and traces; a reader decides what a status means for it.
 */
export type StatusCategory =
  | 'success'
  | 'more-data'
  | 'warning'
  | 'execution-error'
  | 'checking-error'
  | 'security'
  | 'unknown';

export interface StatusWordInfo {
  readonly sw: number;
  readonly category: StatusCategory;
  readonly message: string;
}

const EXACT: ReadonlyMap<number, string> = new Map([
  [0x9000, 'success'],
  [0x6200, 'no information given, non-volatile memory unchanged'],
  [0x6281, 'part of returned data may be corrupted'],
  [0x6282, 'end of file or record reached before reading Ne bytes'],
  [0x6283, 'selected file deactivated'],
  [0x6284, 'file control information not formatted as expected'],
  [0x6285, 'selected file in termination state'],
  [0x6300, 'no information given, non-volatile memory changed'],
  [0x6381, 'file filled up by the last write'],
  [0x6400, 'execution error, non-volatile memory unchanged'],
  [0x6401, 'immediate response required by the card'],
  [0x6500, 'execution error, non-volatile memory changed'],
  [0x6581, 'memory failure'],
  [0x6700, 'wrong length'],
  [0x6800, 'functions in CLA not supported'],
  [0x6881, 'logical channel not supported'],
  [0x6882, 'secure messaging not supported'],
  [0x6883, 'last command of the chain expected'],
  [0x6884, 'command chaining not supported'],
  [0x6900, 'command not allowed'],
  [0x6981, 'command incompatible with file structure'],
  [0x6982, 'security status not satisfied'],
  [0x6983, 'authentication method blocked'],
  [0x6984, 'reference data not usable'],
  [0x6985, 'conditions of use not satisfied'],
  [0x6986, 'command not allowed (no current EF)'],
  [0x6987, 'expected secure messaging data objects missing'],
  [0x6988, 'incorrect secure messaging data objects'],
  [0x6a00, 'wrong parameters P1-P2'],
  [0x6a80, 'incorrect parameters in the command data field'],
  [0x6a81, 'function not supported'],
  [0x6a82, 'file or application not found'],
  [0x6a83, 'record not found'],
  [0x6a84, 'not enough memory space in the file'],
  [0x6a85, 'Nc inconsistent with TLV structure'],
  [0x6a86, 'incorrect parameters P1-P2'],
  [0x6a87, 'Nc inconsistent with parameters P1-P2'],
  [0x6a88, 'referenced data or reference data not found'],
  [0x6a89, 'file already exists'],
  [0x6a8a, 'DF name already exists'],
  [0x6b00, 'wrong parameters P1-P2 (offset outside the EF)'],
  [0x6d00, 'instruction code not supported or invalid'],
  [0x6e00, 'class not supported'],
  [0x6f00, 'no precise diagnosis'],
]);

// 6986 (no current EF) is a checking error in ISO terms, though some cards answer it for a protected file.
const SECURITY = new Set([0x6982, 0x6983, 0x6984, 0x6985, 0x6987, 0x6988]);

function categoryOf(sw: number): StatusCategory {
  const sw1 = sw >> 8;
  if (sw === 0x9000) return 'success';
  if (sw1 === 0x61) return 'more-data';
  if (sw1 === 0x62 || sw1 === 0x63) return 'warning';
  if (sw1 === 0x64 || sw1 === 0x65 || sw1 === 0x66) return 'execution-error';
  if (SECURITY.has(sw)) return 'security';
  if (sw1 >= 0x67 && sw1 <= 0x6f) return 'checking-error';
  return 'unknown';
}

function messageOf(sw: number): string {
  const exact = EXACT.get(sw);
  if (exact) return exact;
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw1 === 0x61) return `${sw2 === 0 ? 256 : sw2} bytes still available (GET RESPONSE)`;
  if (sw1 === 0x6c) return `wrong Le, exact length is ${sw2 === 0 ? 256 : sw2}`;
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `counter: ${sw2 & 0x0f}`;
  if (sw1 === 0x90) return 'success with proprietary information';
  const generic = EXACT.get(sw1 << 8);
  return generic ?? 'status not defined by ISO 7816-4';
}

export function describeStatusWord(sw: number): StatusWordInfo {
  return { sw, category: categoryOf(sw), message: messageOf(sw) };
}
