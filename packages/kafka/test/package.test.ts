/** The published shape of @ferry/kafka, from the BUILT package (dist/): ESM and CommonJS agree. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// A variable specifier keeps the type checker from needing dist/ to exist.
const name: string = '@ferry/kafka';

describe('@ferry/kafka package', () => {
  it('ESM import and CommonJS require expose the same exports', async () => {
    const esm = (await import(name)) as Record<string, unknown>;
    const cjs = require(name) as Record<string, unknown>;
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    expect(Object.keys(esm)).toContain('createFerrySerde');
    expect(require.resolve(name)).toBe(join(pkgDir, 'dist/cjs/index.js'));
  });

  it('the CommonJS build round-trips out-of-band values', async () => {
    const { Fory } = require('@ferry/core') as typeof import('@ferry/core');
    const { createFerrySerde } = require(name) as typeof import('../src/index.js');
    const serde = createFerrySerde(new Fory(), { outOfBand: 0 });
    const rec = serde.encode(Float32Array.of(1, 2, 3), { topic: 't' });
    expect(rec.headers['ferry-oob-count']).toBe('1');
    expect(serde.decode(rec)).toEqual(Float32Array.of(1, 2, 3));
  });
});
