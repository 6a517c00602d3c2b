import type { Socket } from 'node:net';

/** Sets `TCP_QUICKACK` on a socket's descriptor. */
export type QuickAck = (socket: Socket) => void;

const IPPROTO_TCP = 6;
const TCP_QUICKACK = 12;

let loading: Promise<QuickAck | undefined> | undefined;
let warned = false;

/**
 * Debian's vpcd writes each frame in two `send()` calls without
 * `TCP_NODELAY`: Nagle plus the card side's delayed ACK make every APDU take
 * 44 ms. Node has no `setsockopt`, so libc's is called through koffi, loaded
 * here only (the in-process card needs no native code). Linux only. When
 * koffi or libc cannot load, the connector still works, 44 ms slower per
 * APDU, after one warning.
 */
export function loadQuickAck(): Promise<QuickAck | undefined> {
  loading ??= load().catch((error: unknown) => {
    warnOnce(`TCP_QUICKACK unavailable (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  });
  return loading;
}

async function load(): Promise<QuickAck | undefined> {
  if (process.platform !== 'linux') {
    warnOnce(`TCP_QUICKACK exists on Linux only, not on ${process.platform}`);
    return undefined;
  }
  const koffi = await import('koffi');
  const libc = koffi.load('libc.so.6');
  const setsockopt = libc.func(
    'int setsockopt(int fd, int level, int name, const void *value, uint32_t length)',
  );
  const one = Buffer.from(Int32Array.of(1).buffer);
  return (socket) => {
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd === 'number' && fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, one, 4);
  };
}

function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`${message}: each vpcd APDU may take about 44 ms`, { code: 'OPENVITALE_NO_QUICKACK' });
}
