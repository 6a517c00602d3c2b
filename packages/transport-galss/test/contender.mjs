// Another GALSS application in its own process, calling the client library
// directly (synchronously: it is alone in its process). Prints `ready`, then
// `done <json>` once its exclusive exchange is over.
// Usage: node contender.mjs <libgalcllux.so> <resource> <holdMs>
import koffi from 'koffi';

const [library, resource, holdMs] = process.argv.slice(2);
const lib = koffi.load(library);
const OuvrirSession = lib.func('uint16_t OuvrirSession(const char *, const char *, uint16_t *, uint8_t *)');
const FermerSession = lib.func('uint16_t FermerSession(uint16_t, uint16_t *)');
const DebutExclusivite = lib.func(
  'uint16_t DebutExclusivite(const char *, uint8_t *, uint8_t *, uint16_t *)',
);
const FinExclusivite = lib.func('uint16_t FinExclusivite(uint16_t)');
const Echange = lib.func(
  'uint16_t Echange(uint16_t, uint16_t, const uint8_t *, uint32_t *, uint8_t *, uint32_t *)',
);

const session = new Uint16Array(1);
const lad = new Uint8Array(1);
let status = OuvrirSession('AUTRE_APPLI', resource, session, lad);
if (status !== 0) throw new Error(`OuvrirSession ${status.toString(16)}`);
console.log('ready');

const exchange = (bytes) => {
  const response = new Uint8Array(512);
  const length = Uint32Array.of(512);
  const s = Echange(session[0], 5, Uint8Array.from(bytes), Uint32Array.of(bytes.length), response, length);
  if (s !== 0) throw new Error(`Echange ${s.toString(16)}`);
  return response.slice(0, length[0]);
};

const exclusivity = new Uint16Array(1);
let waits = 0;
for (;;) {
  status = DebutExclusivite(`${session[0]}:3`, new Uint8Array(32), new Uint8Array(32), exclusivity);
  if (status === 0) break;
  if (status !== 0x0004 || waits > 500) throw new Error(`DebutExclusivite ${status.toString(16)}`);
  waits++;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
}
const atr = exchange([0, lad[0], 0x14]);
const counter = atr[2];
const aid = [0xd2, 0x50, 0x00, 0x00, 0x02, 0x56, 0x49, 0x54, 0x41, 0x4c, 0x45];
const select = exchange([0, lad[0], 0x00, counter, 0x00, 0xa4, 0x04, 0x0c, aid.length, ...aid]);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
FinExclusivite(exclusivity[0]);
FermerSession(session[0], new Uint16Array(1));
console.log(`done ${JSON.stringify({ waits, cr: select[0], sw: Array.from(select.slice(-2)) })}`);
