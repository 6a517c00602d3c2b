import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const WINE_SH = join(REPO, 'scripts', 'wine.sh');
/** The scripts that run on both systems (copied beside each Windows install by the global setup). */
export const SCRIPTS = fileURLToPath(new URL('../windows/', import.meta.url));
export const FIXTURES = join(REPO, 'fixtures');
