import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

// The page lives in `demo/` beside `src/` and `dist/`, two levels above this module in both.
const DEMO_DIR = new URL('../../demo/', import.meta.url);

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
};

/**
 * The demo page's files, read once at start (a few kilobytes). Served with
 * a strict CSP (its own scripts, connections to itself only) and no framing,
 * so another site cannot overlay the pairing form.
 */
export class DemoPage {
  readonly #files = new Map<string, { body: Buffer; type: string }>();

  constructor() {
    for (const [path, { file, type }] of Object.entries(FILES)) {
      this.#files.set(path, { body: readFileSync(new URL(file, DEMO_DIR)), type });
    }
  }

  /** Answers `path` when it is one of the page's files; false otherwise. */
  serve(path: string, response: ServerResponse): boolean {
    const entry = this.#files.get(path === '/index.html' ? '/' : path);
    if (!entry) return false;
    response.writeHead(200, {
      'content-type': entry.type,
      'content-length': entry.body.length,
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    response.end(entry.body);
    return true;
  }
}
