import { describe, expect, it } from 'vitest';
import {
  FIELD_NAME_CONTEXT,
  MetaStringEncoding,
  type MetaStringContext,
  NAMESPACE_CONTEXT,
  TYPE_NAME_CONTEXT,
  chooseMetaStringEncoding,
  decodeMetaString,
  encodeMetaString,
  encodeMetaStringAs,
  murmurhash3_x64_128,
} from '../src/index.js';
import { hex } from './helpers.js';

describe('meta string encodings (spec "Meta String")', () => {
  it('packs LOWER_SPECIAL 5 bits per char after the strip flag', () => {
    // "abc": 1 flag bit + 15 bits = 16 bits, no spare slot → flag 0.
    // bits: 0 00000 00 | 001 00010 → 0x00 0x22
    expect(hex(encodeMetaStringAs('abc', MetaStringEncoding.LOWER_SPECIAL, FIELD_NAME_CONTEXT).bytes)).toBe('0022');
    // "a": 1 + 5 = 6 bits in one byte; 2 spare bits < 5 → no strip flag.
    expect(hex(encodeMetaStringAs('a', MetaStringEncoding.LOWER_SPECIAL, FIELD_NAME_CONTEXT).bytes)).toBe('00');
    // "abcdefg": 1 + 35 = 36 bits → 5 bytes (40 bits); 4 spare < 5 → no flag.
    // "abcdef": 1 + 30 = 31 bits → 4 bytes; 1 spare → no flag.
    // "ab": 1 + 10 = 11 → 2 bytes (16 bits), 5 spare bits fit a whole char → strip flag set.
    const ab = encodeMetaStringAs('ab', MetaStringEncoding.LOWER_SPECIAL, FIELD_NAME_CONTEXT).bytes;
    expect(ab[0]! & 0x80).toBe(0x80);
    expect(decodeMetaString(ab, MetaStringEncoding.LOWER_SPECIAL, FIELD_NAME_CONTEXT)).toBe('ab');
  });

  it('selects encodings by content', () => {
    expect(chooseMetaStringEncoding('user_name', FIELD_NAME_CONTEXT)).toBe(MetaStringEncoding.ALL_TO_LOWER_SPECIAL);
    expect(chooseMetaStringEncoding('Person', TYPE_NAME_CONTEXT)).toBe(MetaStringEncoding.FIRST_TO_LOWER_SPECIAL);
    expect(chooseMetaStringEncoding('MyTypeName', TYPE_NAME_CONTEXT)).toBe(MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL);
    expect(chooseMetaStringEncoding('Vec3', TYPE_NAME_CONTEXT)).toBe(MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL);
    expect(chooseMetaStringEncoding('ABCDEFGHIJKL', TYPE_NAME_CONTEXT)).toBe(MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL);
    expect(chooseMetaStringEncoding('Aabcdefghijkl', TYPE_NAME_CONTEXT)).toBe(MetaStringEncoding.FIRST_TO_LOWER_SPECIAL);
    expect(chooseMetaStringEncoding('naïve', NAMESPACE_CONTEXT)).toBe(MetaStringEncoding.UTF8);
  });

  it('round-trips every encoding', () => {
    const samples: Array<[string, typeof TYPE_NAME_CONTEXT]> = [
      ['example', NAMESPACE_CONTEXT],
      ['com.example.app', NAMESPACE_CONTEXT],
      ['Person', TYPE_NAME_CONTEXT],
      ['MyTypeName', TYPE_NAME_CONTEXT],
      ['Outer$Inner_2', TYPE_NAME_CONTEXT],
      ['first_name', FIELD_NAME_CONTEXT],
      ['日本', NAMESPACE_CONTEXT],
      ['', FIELD_NAME_CONTEXT],
    ];
    for (const [text, ctx] of samples) {
      const encoded = encodeMetaString(text, ctx);
      expect(decodeMetaString(encoded.bytes, encoded.encoding, ctx)).toBe(text);
      for (const e of [MetaStringEncoding.UTF8, MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL]) {
        if (e === MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL && !/^[A-Za-z0-9$_.]*$/.test(text)) continue;
        if (e === MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL && /[.]/.test(text) && ctx !== NAMESPACE_CONTEXT) continue;
        const forced = encodeMetaStringAs(text, e, ctx);
        expect(decodeMetaString(forced.bytes, e, ctx)).toBe(text);
      }
    }
  });
});

describe('MurmurHash3 x64_128', () => {
  const enc = new TextEncoder();
  it('matches the reference vectors', () => {
    expect(murmurhash3_x64_128(new Uint8Array(0), 0)).toEqual([0n, 0n]);
    // Reference values computed with pyfory 1.7.7's own MurmurHash3 (pyfory.lib.mmh3.hash_buffer).
    expect(murmurhash3_x64_128(enc.encode('hello'), 0)).toEqual([-3758069500696749310n, 6565844092913065241n]);
    expect(murmurhash3_x64_128(enc.encode('The quick brown fox jumps over the lazy dog'), 0)).toEqual([
      -2068352364225029268n,
      8809951995912426311n,
    ]);
    // Seed 47 (the TypeDef hash seed) over a 40-byte input exercises two blocks and a tail.
    expect(murmurhash3_x64_128(Uint8Array.from({ length: 40 }, (_, i) => i), 47)).toEqual([
      2750659702993876925n,
      5115877623039779573n,
    ]);
  });
});

describe('meta strings against pyfory\'s encoder', () => {
  // Imported lazily so this file's pure unit tests do not need the peers.
  const all = [0, 1, 2, 3, 4] as unknown as MetaStringContext['allowed'];
  it('chooses the same encoding and bytes for identifiers of every shape', async () => {
    const { startPeer } = await import('../../../peers/client.mjs');
    const fc = await import('fast-check');
    const peer = await startPeer('python');
    try {
      const alphabet = 'abcxyzABCXYZ0189._$';
      const samples = fc.sample(
        fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: 1, maxLength: 40 }),
        { numRuns: 400, seed: 47 },
      );
      samples.push('abc', 'ab', 'user_name', 'Person', 'MyTypeName', 'Vec3', 'ABCDEFGHIJKL', 'Aabcdefghijkl', 'a'.repeat(33), 'com.example.app');
      let compared = 0;
      for (const [s1, s2] of [['.', '_'], ['$', '_']] as const) {
        const ctx: MetaStringContext = { special62: s1, special63: s2, allowed: all };
        for (const text of samples) {
          // pyfory rejects chars outside its tables rather than falling back to UTF-8 for '$' in a
          // '.'-context; compare only where it answers.
          const res = await peer.request({ op: 'metastring', text, special1: s1, special2: s2 });
          if (!res.ok) continue;
          const mine = encodeMetaString(text, ctx);
          expect({ text, encoding: mine.encoding, hex: hex(mine.bytes) }).toEqual({ text, encoding: res.encoding, hex: res.hex });
          expect(decodeMetaString(mine.bytes, mine.encoding, ctx)).toBe(text);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(300);
    } finally {
      await peer.close();
    }
  }, 120_000);
});
