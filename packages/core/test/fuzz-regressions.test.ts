/**
 * Inputs that once broke a fuzz property (tools/fuzz/regressions/*.bin), replayed through every fuzz
 * target: each must now be rejected (or decoded) with nothing but a ForyError, within the fuzzer's
 * heap-growth bound. A new finding of the fuzzer goes here once it is fixed.
 *
 * memory-zero-width-lists.bin: 1,500 lists of 7,000 NONE each (zero bytes per element) in 13 KB;
 * before maxPayloadElements it made the reader allocate 81 MiB of element slots.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_GROWTH_BYTES, runOnce } from '../../../tools/fuzz/engine.mjs';
import { TARGETS } from '../../../tools/fuzz/targets.mjs';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tools/fuzz/regressions');
const INPUTS = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();
const targets = TARGETS.map((make) => make());

describe('fuzz regressions', () => {
  it('the regression corpus is not empty', () => {
    expect(INPUTS.length).toBeGreaterThan(0);
  });

  for (const file of INPUTS) {
    it(`${file}: only ForyErrors, heap growth within ${MAX_GROWTH_BYTES / 1024 / 1024} MiB, on every target`, () => {
      const input = new Uint8Array(readFileSync(join(DIR, file)));
      for (const target of targets) {
        const { problem, growth } = runOnce(target, input);
        expect(problem, target.name).toBeNull();
        expect(growth, target.name).toBeLessThan(MAX_GROWTH_BYTES);
      }
    });
  }
});
