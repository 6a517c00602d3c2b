// Run by each package's build, after tsc, in the package's folder. Gives
// CommonJS consumers what they need from an ES-module package:
//
// * for every `require` condition of the exports map, a one-line CommonJS
//   entry that require()s the ES module next to it (Node >= 20.19 and
//   >= 22.12 load ES modules from require(), the same module instance as an
//   import), so `require('@openvitale/x')` gets the module's named exports;
// * a `.d.cts` twin of every declaration file, relative imports pointing at
//   the twins, so TypeScript under `module: node16`/`nodenext` in a CommonJS
//   project reads declarations of the same format as that entry (without
//   them it refuses the import: TS1479).
//
// The exports map is the source of truth: every entry with `types: X.d.ts`
// and `default: X.js` must have `require: { types: X.d.cts, default: X.cjs }`
// (before them, so that require() picks it); anything else is a build error.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** `./dist/a/index.js` → `./index.js`: the ES entry as the CommonJS entry beside it sees it. */
function sibling(path) {
  return `./${path.slice(path.lastIndexOf('/') + 1)}`;
}

const problems = [];
for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
  if (typeof target !== 'object' || target === null || target.types === undefined) continue;
  const { types, default: esm } = target;
  const expected = { types: types?.replace(/\.d\.ts$/, '.d.cts'), default: esm?.replace(/\.js$/, '.cjs') };
  const { require: cjs = {} } = target;
  if (cjs.types !== expected.types || cjs.default !== expected.default || expected.default === esm) {
    problems.push(`exports["${subpath}"].require must be ${JSON.stringify(expected)}`);
    continue;
  }
  writeFileSync(cjs.default, `'use strict';\nmodule.exports = require('${sibling(esm)}');\n`);
}
if (problems.length > 0) {
  console.error(`commonjs-entries: ${manifest.name}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

// Relative specifiers in declarations: `from './x.js'`, `import('./x.js')`.
const RELATIVE_JS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;

function* declarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith('.d.ts')) yield path;
  }
}

let count = 0;
for (const file of declarations('dist')) {
  const text = readFileSync(file, 'utf8')
    .replace(RELATIVE_JS, '$1$2$3.cjs$2')
    .replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  count += 1;
}
if (count === 0) {
  console.error(`commonjs-entries: ${manifest.name}: no declaration file under dist`);
  process.exit(1);
}
