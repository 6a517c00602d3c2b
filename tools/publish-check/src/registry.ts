import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { Tarball } from './tarballs.js';

/**
 * A registry for one scope, on loopback, serving the packed tarballs as
 * the public registry would serve the published packages: npm resolves
 * `@openvitale/*` here (`--@openvitale:registry=<url>`) and everything else
 * from its usual registry, so an install from it is the install a user
 * gets, optional peers and all. A name it does not hold is a 404: nothing
 * of the scope can come from elsewhere. Each registry has its own URL path,
 * so npm's cache never mixes two runs' documents.
 */
export interface LocalRegistry {
  readonly url: string;
  close(): Promise<void>;
}

export async function startRegistry(tarballs: readonly Tarball[]): Promise<LocalRegistry> {
  const base = `/${randomUUID()}/`;
  const files = new Map<string, Uint8Array>();
  for (const tarball of tarballs) files.set(basename(tarball.path), await readFile(tarball.path));

  const documents = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.startsWith(`${base}-/`) ? files.get(path.slice(base.length + 2)) : undefined;
    const document = path.startsWith(base) ? documents.get(path.slice(base.length)) : undefined;
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    } else if (document !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(document);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  for (const { path, manifest } of tarballs) {
    const { name, version } = manifest;
    if (documents.has(name)) throw new Error(`two tarballs of ${name}`);
    const bytes = files.get(basename(path)) as Uint8Array;
    const dist = {
      tarball: `${origin}${base}-/${basename(path)}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    };
    const packument = {
      name,
      'dist-tags': { latest: version },
      versions: { [version]: { ...manifest, _id: `${name}@${version}`, dist } },
    };
    documents.set(name, JSON.stringify(packument));
  }

  return {
    url: `${origin}${base}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
