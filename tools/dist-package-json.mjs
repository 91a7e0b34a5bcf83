#!/usr/bin/env node
// Shared build helper for every package in packages/* and apps/*.
// Run from the package directory (npm/nx scripts do this):
//   node ../../tools/dist-package-json.mjs clean   -> removes ./dist
//   node ../../tools/dist-package-json.mjs         -> writes dist/esm/package.json
//                                                     and dist/cjs/package.json
// The nested package.json files tell Node which module format each build uses,
// whatever "type" the package itself declares.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(process.cwd(), 'dist');
const mode = process.argv[2];

if (mode === 'clean') {
  rmSync(dist, { recursive: true, force: true });
} else if (mode === undefined) {
  const formats = { esm: 'module', cjs: 'commonjs' };
  for (const [dir, type] of Object.entries(formats)) {
    const out = join(dist, dir);
    if (!existsSync(out)) {
      console.error(`dist-package-json: ${out} does not exist; did tsc run?`);
      process.exit(1);
    }
    writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
  }
} else {
  console.error(`dist-package-json: unknown mode "${mode}" (expected "clean" or nothing)`);
  process.exit(2);
}
