const POLL_EVERY_MS = 250;
/** POLLERR | POLLHUP | POLLNVAL: the same values on Linux and macOS. */
const GONE = 0x08 | 0x10 | 0x20;
const LIBC: Partial<Record<NodeJS.Platform, { path: string; nfds: string }>> = {
  linux: { path: 'libc.so.6', nfds: 'unsigned long' },
  darwin: { path: '/usr/lib/libSystem.B.dylib', nfds: 'unsigned int' },
};

/**
 * Calls `onClosed` once whoever reads `fd` (a pipe or a socket) has gone,
 * as in `openvitale watch | head -n 3`: a writer only learns it at its next
 * write, and a watch may not write for hours. `poll()` reports POLLERR
 * (pipe) or POLLHUP (socket) on such a descriptor without writing; Node has
 * no poll, so libc's is called through koffi, with a zero timeout, every
 * 250 ms. A file never reports either; a terminal does when it hangs up.
 * Linux and macOS only; elsewhere, or when koffi cannot load, the next write
 * ends the command (EPIPE). Returns the function that stops it.
 *
 * No `fstat` of the descriptor first: on Node 20, `fstatSync` of a pipe
 * before `import('koffi')` makes the import resolve koffi through its
 * symlinked path, where it cannot find its native part.
 */
export async function onOutputClosed(fd: number, onClosed: () => void): Promise<() => void> {
  const libc = LIBC[process.platform];
  if (!libc) return () => {};
  let poll: (fds: Buffer, count: number, timeoutMs: number) => number;
  try {
    const koffi = (await import('koffi')).default;
    poll = koffi.load(libc.path).func(`int poll(void *fds, ${libc.nfds} nfds, int timeout)`);
  } catch {
    return () => {};
  }
  // struct pollfd { int fd; short events; short revents; }: no event asked, errors are always reported.
  const pollfd = Buffer.alloc(8);
  pollfd.writeInt32LE(fd, 0);
  const timer = setInterval(() => {
    pollfd.writeInt16LE(0, 6);
    if (poll(pollfd, 1, 0) > 0 && (pollfd.readInt16LE(6) & GONE) !== 0) {
      clearInterval(timer);
      onClosed();
    }
  }, POLL_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
