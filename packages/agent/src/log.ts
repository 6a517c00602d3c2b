import { printable } from '@openvitale/transport';

/** Where the agent writes its log lines (never card data: see `maskPersonalData`). */
export type LogSink = (line: string) => void;

// A NIR: 13 digits (2A/2B for Corsica), optionally spaced, optionally its 2-digit key.
const NIR = /\b[12378]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b/gi;

/**
 * Masks anything shaped like a NIR, as a last guard: the agent never puts
 * names or card data in a log line on purpose (reads log the reader, the
 * count of persons and the duration only).
 */
export function maskPersonalData(line: string): string {
  return line.replace(NIR, (nir) => nir.replace(/[0-9AB]/gi, 'X'));
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Log lines, each one line: whatever a caller put in a message (an
 * application name, a path) has its control characters escaped, so it can
 * neither forge a line nor drive the terminal that shows the log.
 */
export function createLogger(sink: LogSink | undefined): Logger {
  const write = (level: string, message: string) =>
    sink?.(`${new Date().toISOString()} ${level} ${printable(maskPersonalData(message))}`);
  return { info: (m) => write('info', m), warn: (m) => write('warn', m) };
}
