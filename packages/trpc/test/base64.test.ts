import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Base64Error, decodePure, encodePure, fromBase64Url, toBase64Url } from '../src/base64.js';

const nodeB64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('base64url', () => {
  it('the pure-JavaScript encoder matches Node for every length 0..300 and random bytes', () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 131 + n * 7) & 255);
      expect(encodePure(bytes)).toBe(nodeB64url(bytes));
      expect(toBase64Url(bytes)).toBe(nodeB64url(bytes));
      expect(decodePure(encodePure(bytes))).toStrictEqual(bytes);
      expect(new Uint8Array(fromBase64Url(encodePure(bytes)))).toStrictEqual(bytes);
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(encodePure(bytes)).toBe(nodeB64url(bytes));
        expect(decodePure(nodeB64url(bytes))).toStrictEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes subarray views (offset into a larger buffer)', () => {
    const big = new Uint8Array(100).map((_, i) => i);
    const view = big.subarray(13, 77);
    expect(toBase64Url(view)).toBe(nodeB64url(view));
    expect(encodePure(view)).toBe(nodeB64url(view));
  });

  it('encodes megabytes (no call-stack limits)', () => {
    const bytes = new Uint8Array(3 << 20).map((_, i) => (i * 7) & 255);
    const text = encodePure(bytes);
    expect(text === nodeB64url(bytes)).toBe(true);
    expect(Buffer.from(decodePure(text)).equals(bytes)).toBe(true);
  });

  it('also accepts the standard alphabet and padding', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe, 0x01]);
    const std = Buffer.from(bytes).toString('base64'); // "+//+AQ=="
    expect(std).toMatch(/[+/].*==$/);
    expect(decodePure(std)).toStrictEqual(bytes);
    expect(new Uint8Array(fromBase64Url(std))).toStrictEqual(bytes);
  });

  it.each([
    ['has a space', 'AA AA', /invalid base64 character " " at index 2/],
    ['has a non-ASCII char', 'AAé', /invalid base64 character "é" at index 2/],
    ['has padding in the middle', 'AA=A', /invalid base64 character "=" at index 2/],
    ['has one trailing character', 'AAAAA', /a single trailing character/],
    ['is over-padded', 'AA===', /invalid base64 character "="/],
    ['has padding with a wrong length', 'AAA==', /padding/],
  ])('rejects text that %s, naming the position', (_what, text, message) => {
    expect(() => decodePure(text)).toThrow(Base64Error);
    expect(() => decodePure(text)).toThrow(message);
    expect(() => fromBase64Url(text)).toThrow(message);
  });
});

describe('base64url host paths (as in browsers)', () => {
  type Mod = typeof import('../src/base64.js');
  /** Load a fresh copy of the module with Node's Buffer hidden, optionally with native base64. */
  async function loadWithout(native: boolean, tag: string): Promise<{ mod: Mod; calls: string[] }> {
    const g = globalThis as { Buffer?: unknown };
    const U = Uint8Array as unknown as { fromBase64?: unknown; prototype: { toBase64?: unknown } };
    const saved = { buffer: g.Buffer, from: U.fromBase64, to: U.prototype.toBase64 };
    const calls: string[] = [];
    g.Buffer = undefined;
    if (native) {
      // A strict stand-in for the TC39 methods (Chrome 140+, Firefox 133+, Safari 18.2+).
      U.prototype.toBase64 = function (this: Uint8Array, o: { alphabet: string; omitPadding: boolean }) {
        calls.push(`toBase64 ${o.alphabet} ${o.omitPadding}`);
        return Buffer.from(this).toString('base64url');
      };
      U.fromBase64 = (s: string, o: { alphabet: string }) => {
        calls.push(`fromBase64 ${o.alphabet}`);
        if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new SyntaxError('bad base64');
        return new Uint8Array(Buffer.from(s, 'base64url'));
      };
    }
    try {
      const mod = (await import(/* @vite-ignore */ `../src/base64.js?${tag}`)) as Mod;
      return { mod, calls };
    } finally {
      g.Buffer = saved.buffer;
      if (saved.from === undefined) delete U.fromBase64;
      else U.fromBase64 = saved.from;
      if (saved.to === undefined) delete U.prototype.toBase64;
      else U.prototype.toBase64 = saved.to;
    }
  }

  it('without Buffer or native methods: the pure path, same results and errors', async () => {
    const { mod } = await loadWithout(false, 'pure');
    const bytes = new Uint8Array(1000).map((_, i) => (i * 37) & 255);
    expect(mod.toBase64Url(bytes)).toBe(nodeB64url(bytes));
    expect(mod.fromBase64Url(nodeB64url(bytes))).toStrictEqual(bytes);
    expect(() => mod.fromBase64Url('AA!A')).toThrow(/invalid base64 character "!" at index 2/);
  });

  it('with native Uint8Array.toBase64/fromBase64: uses them with the url-safe alphabet', async () => {
    const { mod, calls } = await loadWithout(true, 'native');
    // the methods are looked up at load time; put them back for the calls
    const U = Uint8Array as unknown as { fromBase64?: unknown; prototype: { toBase64?: unknown } };
    U.prototype.toBase64 = function (this: Uint8Array, o: { alphabet: string; omitPadding: boolean }) {
      calls.push(`toBase64 ${o.alphabet} ${o.omitPadding}`);
      return Buffer.from(this).toString('base64url');
    };
    U.fromBase64 = (s: string, o: { alphabet: string }) => {
      calls.push(`fromBase64 ${o.alphabet}`);
      if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new SyntaxError('bad base64');
      return new Uint8Array(Buffer.from(s, 'base64url'));
    };
    try {
      const bytes = new Uint8Array([251, 255, 254, 1, 2]);
      expect(mod.toBase64Url(bytes)).toBe(nodeB64url(bytes));
      expect(mod.fromBase64Url(nodeB64url(bytes))).toStrictEqual(bytes);
      expect(mod.fromBase64Url(Buffer.from(bytes).toString('base64'))).toStrictEqual(bytes); // standard alphabet
      expect(() => mod.fromBase64Url('AA!A')).toThrow(/invalid base64 character "!" at index 2/);
      expect(calls).toStrictEqual(['toBase64 base64url true', 'fromBase64 base64url', 'fromBase64 base64url', 'fromBase64 base64url']);
    } finally {
      delete U.fromBase64;
      delete U.prototype.toBase64;
    }
  });
});
