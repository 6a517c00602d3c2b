/**
 * The GALSS calls the transport needs, as a small injectable port: the
 * koffi binding implements it over the vendor libraries, tests may fake it.
 * Every call resolves with the GALSS status (0 = G_NOERROR) beside its
 * outputs, never rejects on a GALSS error, and never blocks the event loop.
 */
export interface GalssBinding {
  /** Where the client library was loaded from, for messages. */
  readonly clientPath: string;
  openSession(appName: string, resource: string): Promise<{ status: number; session: number; lad: number }>;
  closeSession(session: number): Promise<{ status: number; releasedExclusivity: boolean }>;
  /** `list` is `"<session>:<level>"` (level 1 channel, 2 PAD, 3 LAD). */
  beginExclusivity(
    list: string,
  ): Promise<{ status: number; exclusivity: number; holderApp: string; holderResource: string }>;
  endExclusivity(exclusivity: number): Promise<{ status: number }>;
  /**
   * `response` is empty unless the status is 0; `length` is what the library
   * left in `*responseLen` whatever the status (on `0010`, a library may say
   * there how much room the answer needs).
   */
  exchange(
    session: number,
    maxSeconds: number,
    request: Uint8Array,
    capacity: number,
  ): Promise<{ status: number; response: Uint8Array; length: number }>;
  /** The info library's resource table, raw rows of `RESOURCE_ROW_SIZE` bytes. */
  resourceTable(): Promise<{ status: number; table: Uint8Array }>;
}
