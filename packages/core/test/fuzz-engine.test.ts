/** The fuzz engine's mutations (tools/fuzz/engine.mts); fuzz.test.ts runs the engine itself. */
import { describe, expect, it } from 'vitest';
import { mutateOnce, Rng } from '../../../tools/fuzz/engine.mjs';

describe('fuzz engine', () => {
  it('mutations are reproducible from the seed and differ between seeds', () => {
    const input = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const other = new Uint8Array([9, 10, 11]);
    const sequence = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 200 }, () => Array.from(mutateOnce(rng, input, other)).join(','));
    };
    expect(sequence(5)).toEqual(sequence(5));
    expect(sequence(5)).not.toEqual(sequence(6));
  });

  it('mutations change the input, and some change its length (truncation, insertion, splicing)', () => {
    const rng = new Rng(1);
    const input = new Uint8Array(32).fill(0x55);
    const out = Array.from({ length: 500 }, () => mutateOnce(rng, input, new Uint8Array([1, 2, 3])));
    expect(out.filter((o) => o.length === input.length && o.every((b, i) => b === input[i])).length).toBeLessThan(50);
    expect(out.some((o) => o.length < input.length)).toBe(true);
    expect(out.some((o) => o.length > input.length)).toBe(true);
  });
});
