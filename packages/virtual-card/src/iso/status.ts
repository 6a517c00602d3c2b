/** The status words the virtual cards answer (ISO/IEC 7816-4 section 5.6). */
export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  WRONG_LENGTH: 0x6700,
  NO_CURRENT_EF: 0x6986,
  SECURITY_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  WRONG_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

/** `61 xx`: xx more bytes wait for GET RESPONSE (`00` means 256). */
export function moreData(available: number): number {
  return 0x6100 | (available & 0xff);
}

/** `6C xx`: resend with Le = xx (`00` means 256). */
export function wrongLe(exact: number): number {
  return 0x6c00 | (exact & 0xff);
}

export function swBytes(sw: number): Uint8Array {
  return Uint8Array.of(sw >> 8, sw & 0xff);
}
