import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockCall } from './server.js';

/**
 * A site as GALSS sees it: a PC/SC reader per slot (docs/domain/official-api.md
 * §2.4), LAD 1 `CPS` (alias `TRANSPA1`) and LAD 2 `Vitale` (alias
 * `TRANSPA2`), plus the mock's card timeout.
 */
export const SITE_INI = [
  '; galss.ini of the integration tests',
  '[CONFIG]',
  'NbCanaux=2',
  '[PROTOCOLE1]',
  'NomLib=libpcsclux.so',
  '[CANAL1]',
  'TCanal=3',
  'Index=1',
  'TConnexion=1',
  'Protocole=1',
  'Caracteristiques=Mock Reader 0',
  'NbPAD=1',
  '[CANAL1.PAD1]',
  'PAD=0',
  'NbLAD=1',
  '[CANAL1.PAD1.LAD1]',
  'LAD=1',
  'NomLAD=CPS',
  'NbAlias=1',
  'NomAlias1=TRANSPA1',
  '[CANAL2]',
  'TCanal=3',
  'Index=2',
  'TConnexion=1',
  'Protocole=1',
  'Caracteristiques=Mock Reader 1',
  'NbPAD=1',
  '[CANAL2.PAD1]',
  'PAD=0',
  'NbLAD=1',
  '[CANAL2.PAD1.LAD1]',
  'LAD=2',
  'NomLAD=Vitale',
  'NbAlias=1',
  'NomAlias1=TRANSPA2',
  '[MOCK]',
  'CardTimeoutMs=300',
  '',
].join('\r\n');

/** The same site with its slots named as some sites do: `LECTCPS` and `LECTVIT`, same aliases. */
export const RENAMED_SITE_INI = SITE_INI.replace('NomLAD=CPS', 'NomLAD=LECTCPS').replace(
  'NomLAD=Vitale',
  'NomLAD=LECTVIT',
);

/** A fresh unix socket path for one mock server. */
export function mockSocketPath(): string {
  return join(tmpdir(), `galss-mock-${process.pid}-${randomUUID().slice(0, 8)}.sock`);
}

/** The calls of every session, one line each: `Echange` with its PSS command byte, others with their status. */
export function sessionsOf(calls: readonly MockCall[]): Map<number, string[]> {
  const sessions = new Map<number, string[]>();
  for (const call of calls) {
    const line =
      call.op === 'Echange' ? `Echange ${call.request?.slice(4, 6)}` : `${call.op} ${call.status ?? '-'}`;
    sessions.set(call.session, [...(sessions.get(call.session) ?? []), line]);
  }
  return sessions;
}

/**
 * The public sequence's rule (§2.3): on every session, no `Echange` outside
 * a granted exclusivity. Returns the lines that break it.
 */
export function exchangesOutsideExclusivity(calls: readonly MockCall[]): string[] {
  const wrong: string[] = [];
  for (const [session, lines] of sessionsOf(calls)) {
    let exclusive = false;
    for (const line of lines) {
      if (line === 'DebutExclusivite 0') exclusive = true;
      if (line.startsWith('FinExclusivite')) exclusive = false;
      if (line.startsWith('Echange') && !exclusive) wrong.push(`session ${session}: ${line}`);
    }
  }
  return wrong;
}

/**
 * Exclusivity is one holder at a time: walks the server's own timeline (calls
 * in the order they arrived) and returns every grant made while another
 * session still held the exclusivity. Exact whatever the load, unlike clocks
 * read by each process around its window.
 */
export function exclusivityGrantedTwice(calls: readonly MockCall[]): string[] {
  const wrong: string[] = [];
  let holder: number | undefined;
  for (const call of calls) {
    if (call.op === 'DebutExclusivite' && call.status === 0) {
      if (holder !== undefined && holder !== call.session) {
        wrong.push(`session ${call.session} granted while session ${holder} holds it`);
      }
      holder = call.session;
    }
    if ((call.op === 'FinExclusivite' || call.op === 'FermerSession') && call.session === holder) {
      holder = undefined;
    }
  }
  return wrong;
}
