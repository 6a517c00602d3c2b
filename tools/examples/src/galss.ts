import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd } from '@openvitale/virtual-card/vpcd';
import { MOCK_CLIENT_LIBRARY, MOCK_INFO_LIBRARY, startGalssMock } from '@openvitale-tools/galss-mock';

/**
 * Runs `work` where a GALSS installation answers, as on a site that has
 * one: the GALSS stand-in serving the site's galss.ini (a CPS and a Vitale
 * resource), the demo card in the Vitale slot, and the client library found
 * where the transport looks for it (`OPENVITALE_GALSS_LIBRARY`).
 */
export async function withGalss<T>(root: string, work: () => Promise<T>): Promise<T> {
  const socketPath = join(tmpdir(), `openvitale-examples-galss-${process.pid}.sock`);
  const mock = await startGalssMock({
    ini: readFileSync(join(root, 'fixtures/galss/pcsc-two-readers.ini'), 'latin1'),
    socketPath,
  });
  const card = await insertIntoVpcd(await bundledProfile('demo'), {
    port: mock.cardPort('Vitale'),
    quickAck: false,
  });
  const env = {
    OPENVITALE_GALSS_LIBRARY: MOCK_CLIENT_LIBRARY,
    OPENVITALE_GALSS_INFO_LIBRARY: MOCK_INFO_LIBRARY,
    GALSS_MOCK_SOCKET: socketPath,
  };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await card.close();
    await mock.close();
  }
}
