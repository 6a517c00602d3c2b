import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder the examples run in, as a user's would be after installing
 * OpenVitale: `openvitale`, `openvitale-agent` and `virtual-card` on the
 * PATH, the packages in `node_modules`, `HOME` there too. It also holds
 * the files the examples name as a user would have them: a site's
 * `galss.ini`, an `api_lec.ini`; and `packages/`, `fixtures/` of the
 * repository, for the examples written from a clone.
 */
export interface Sandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

const BINS: Readonly<Record<string, string>> = {
  openvitale: 'packages/cli/dist/bin.js',
  'openvitale-agent': 'packages/agent/dist/bin.js',
  'virtual-card': 'packages/virtual-card/dist/cli.js',
};

export function makeSandbox(root: string): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'openvitale-examples-'));
  const bin = join(dir, 'node_modules', '.bin');
  const scope = join(dir, 'node_modules', '@openvitale');
  mkdirSync(bin, { recursive: true });
  mkdirSync(scope);
  for (const name of readdirSync(join(root, 'packages'))) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as {
      name: string;
    };
    symlinkSync(join(root, 'packages', name), join(scope, pkg.name.replace('@openvitale/', '')));
  }
  for (const [name, script] of Object.entries(BINS)) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${join(root, script)}" "$@"\n`, {
      mode: 0o755,
    });
  }
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  for (const name of ['packages', 'fixtures']) symlinkSync(join(root, name), join(dir, name));
  copyFileSync(join(root, 'fixtures/galss/pcsc-two-readers.ini'), join(dir, 'galss.ini'));
  writeFileSync(join(dir, 'api_lec.ini'), '[LECTURE]\r\nRessource_Vitale=auto\r\n');
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
  return { dir, env: { ...env, HOME: dir, PATH: `${bin}:${process.env.PATH ?? ''}` } };
}
