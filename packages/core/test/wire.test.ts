import { describe, expect, it } from 'vitest';
import { ByteReader } from '../src/wire/reader.js';
import { ByteWriter } from '../src/wire/writer.js';
import { bfloat16Bits, bfloat16ToNumber, float16Bits, float16ToNumber } from '../src/wire/float16.js';
import { InvalidDataError, TruncatedError } from '../src/errors.js';
import { h, hex } from './helpers.js';

function written(fn: (w: ByteWriter) => void): string {
  const w = new ByteWriter(1);
  fn(w);
  return hex(w.toBytes());
}

describe('varuint32 (spec "unsigned varint32")', () => {
  const cases: Array<[number, string]> = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [2097151, 'ffff7f'],
    [2097152, '80808001'],
    [268435455, 'ffffff7f'],
    [268435456, '8080808001'],
    [4294967295, 'ffffffff0f'],
  ];
  for (const [value, bytes] of cases) {
    it(`${value} ⇄ ${bytes}`, () => {
      expect(written((w) => w.writeVarUint32(value))).toBe(bytes);
      const r = new ByteReader(h(bytes));
      expect(r.readVarUint32()).toBe(value);
      expect(r.remaining).toBe(0);
    });
  }

  it('rejects a fifth byte above 0x0f and a sixth byte', () => {
    expect(() => new ByteReader(h('ffffffff1f')).readVarUint32()).toThrow(InvalidDataError);
    expect(() => new ByteReader(h('ffffffff8f01')).readVarUint32()).toThrow(InvalidDataError);
  });

  it('reports truncation with the start offset', () => {
    const r = new ByteReader(h('00 8080'));
    r.pos = 1;
    const err = (() => {
      try {
        r.readVarUint32();
      } catch (e) {
        return e;
      }
    })() as TruncatedError;
    expect(err).toBeInstanceOf(TruncatedError);
    expect(err.offset).toBe(1);
  });
});

describe('varint32 zigzag (spec "signed varint32")', () => {
  const cases: Array<[number, string]> = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-2, '03'],
    [63, '7e'],
    [-64, '7f'],
    [64, '8001'],
    [2147483647, 'feffffff0f'],
    [-2147483648, 'ffffffff0f'],
  ];
  for (const [value, bytes] of cases) {
    it(`${value} ⇄ ${bytes}`, () => {
      expect(written((w) => w.writeVarInt32(value))).toBe(bytes);
      expect(new ByteReader(h(bytes)).readVarInt32()).toBe(value);
    });
  }
});

describe('varuint64 PVL (spec "unsigned varint64": at most 9 bytes)', () => {
  const cases: Array<[number | bigint, string]> = [
    [0, '00'],
    [127, '7f'],
    [128, '8001'],
    [2 ** 31, '8080808008'],
    [2 ** 35 - 1, 'ffffffff7f'],
    [2 ** 49 - 1, 'ffffffffffff7f'],
    [2 ** 49, '80808080808080 01'],
    [Number.MAX_SAFE_INTEGER, 'ffffffffffffff0f'],
    [2n ** 56n - 1n, 'ffffffffffffff7f'],
    [2n ** 56n, '8080808080808080 01'],
    [2n ** 63n - 1n, 'ffffffffffffffff 7f'],
    [2n ** 64n - 1n, 'ffffffffffffffff ff'],
  ];
  for (const [value, bytes] of cases) {
    it(`${value} ⇄ ${bytes.replace(/ /g, '')}`, () => {
      expect(written((w) => w.writeVarUint64(value))).toBe(bytes.replace(/ /g, ''));
      const back = new ByteReader(h(bytes)).readVarUint64();
      expect(BigInt(back)).toBe(BigInt(value));
      // Safe values come back as numbers, larger ones as bigints.
      expect(typeof back).toBe(BigInt(value) <= BigInt(Number.MAX_SAFE_INTEGER) ? 'number' : 'bigint');
    });
  }
});

describe('varint64 zigzag (spec "signed varint64")', () => {
  const cases: Array<[number | bigint, string]> = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [2 ** 40, '8080808080 40'],
    [-(2 ** 52), 'ffffffffffffff 0f'], // zigzag 2^53-1: 53 bits → 7 full groups + 4 bits
    [2 ** 53 - 1, 'feffffffffffff 1f'], // zigzag 2^54-2
    [-(2n ** 63n), 'ffffffffffffffff ff'],
    [2n ** 63n - 1n, 'feffffffffffffff ff'],
  ];
  for (const [value, bytes] of cases) {
    it(`${value} ⇄ ${bytes.replace(/ /g, '')}`, () => {
      expect(written((w) => w.writeVarInt64(value))).toBe(bytes.replace(/ /g, ''));
      expect(BigInt(new ByteReader(h(bytes)).readVarInt64())).toBe(BigInt(value));
    });
  }
  it('number and bigint inputs encode identically', () => {
    for (const v of [0, 1, -1, 123456789, -(2 ** 51), 2 ** 52 + 1, -(2 ** 53) + 1]) {
      expect(written((w) => w.writeVarInt64(v))).toBe(written((w) => w.writeVarInt64(BigInt(v))));
    }
  });
});

describe('tagged int64 / uint64 (spec "hybrid int64")', () => {
  it('uses 4 bytes inside [-2^30, 2^30-1] and 9 bytes outside', () => {
    expect(written((w) => w.writeTaggedInt64(0))).toBe('00000000');
    expect(written((w) => w.writeTaggedInt64(-1))).toBe('feffffff');
    expect(written((w) => w.writeTaggedInt64(2 ** 30 - 1))).toBe('feffff7f');
    expect(written((w) => w.writeTaggedInt64(-(2 ** 30)))).toBe('00000080');
    expect(written((w) => w.writeTaggedInt64(2 ** 30))).toBe('01' + '0000004000000000');
    expect(written((w) => w.writeTaggedInt64(-(2n ** 63n)))).toBe('01' + '0000000000000080');
    for (const v of [0, -1, 2 ** 30 - 1, -(2 ** 30), 2 ** 30, -(2 ** 30) - 1]) {
      const w = new ByteWriter();
      w.writeTaggedInt64(v);
      expect(new ByteReader(w.toBytes()).readTaggedInt64()).toBe(v);
    }
  });
  it('unsigned uses 4 bytes up to 2^31-1', () => {
    expect(written((w) => w.writeTaggedUint64(2 ** 31 - 1))).toBe('feffffff');
    expect(written((w) => w.writeTaggedUint64(2 ** 31))).toBe('01' + '0000008000000000');
    expect(new ByteReader(h('feffffff')).readTaggedUint64()).toBe(2 ** 31 - 1);
    expect(new ByteReader(h('01ffffffffffffffff')).readTaggedUint64()).toBe(2n ** 64n - 1n);
  });
});

describe('fixed-width integers', () => {
  it('int64 from numbers and bigints, read back as number when safe', () => {
    expect(written((w) => w.writeInt64(-2))).toBe('feffffffffffffff');
    expect(written((w) => w.writeInt64(2 ** 40 + 5))).toBe('0500000000010000');
    expect(new ByteReader(h('feffffffffffffff')).readInt64()).toBe(-2);
    expect(new ByteReader(h('ffffffffffffff7f')).readInt64()).toBe(2n ** 63n - 1n);
    expect(new ByteReader(h('ffffffffffff1f00')).readInt64()).toBe(Number.MAX_SAFE_INTEGER);
    expect(new ByteReader(h('0000000000002000')).readInt64()).toBe(2n ** 53n);
  });
});

describe('float16 / bfloat16', () => {
  it('converts exact values and specials', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [2 ** -24, 0x0001],
      [2 ** -14, 0x0400],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
    ];
    for (const [v, bits] of cases) {
      expect(float16Bits(v)).toBe(bits);
      expect(Object.is(float16ToNumber(bits), v)).toBe(true);
    }
    expect(Number.isNaN(float16ToNumber(float16Bits(NaN)))).toBe(true);
    expect(float16Bits(70000)).toBe(0x7c00);
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
  });
  it('bfloat16 keeps the float32 exponent', () => {
    expect(bfloat16Bits(1)).toBe(0x3f80);
    expect(bfloat16Bits(-2)).toBe(0xc000);
    expect(bfloat16ToNumber(0x3f80)).toBe(1);
    expect(bfloat16Bits(Infinity)).toBe(0x7f80);
    expect(Number.isNaN(bfloat16ToNumber(bfloat16Bits(NaN)))).toBe(true);
    expect(bfloat16ToNumber(bfloat16Bits(3.0e38))).toBeCloseTo(3.0e38, -36);
  });
});

describe('strings (spec "string": varuint36_small header (len << 2 | encoding))', () => {
  it('writes Latin1 for strings whose chars are all < 0x100', () => {
    expect(written((w) => w.writeString(''))).toBe('00');
    expect(written((w) => w.writeString('hi'))).toBe('08' + '6869');
    expect(written((w) => w.writeString('é'))).toBe('04' + 'e9');
    const long = 'x'.repeat(40);
    expect(written((w) => w.writeString(long))).toBe('a001' + '78'.repeat(40)); // header 160 → varint a0 01
  });
  it('writes UTF-8 for other strings', () => {
    expect(written((w) => w.writeString('你'))).toBe('0e' + 'e4bda0');
    expect(written((w) => w.writeString('a😀'))).toBe('16' + '61f09f9880');
  });
  it('writes UTF-16 when a lone surrogate makes UTF-8 lossy', () => {
    expect(written((w) => w.writeString('a\ud800'))).toBe('11' + '610000d8');
  });
  it('reads all three encodings', () => {
    const read = (bytes: string) => {
      const r = new ByteReader(h(bytes));
      const header = r.readVarUint36Small();
      return r.readStringBody(header, 0, 1 << 20);
    };
    expect(read('0c 616263')).toBe('abc'); // latin1
    expect(read('19 6100 6200 7d4f')).toBe('ab佽'); // utf16 LE, 6 bytes
    expect(read('0e e4bda0')).toBe('你'); // utf8
    expect(read('11 3dd8 00de')).toBe('😀'); // utf16 surrogate pair, 4 bytes
  });
  it('round-trips Latin1, ASCII and mixed UTF-8 strings of every short length (fixed-arity decode paths)', () => {
    for (let n = 0; n <= 80; n++) {
      const latin1 = Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + ((i * 37) % 0xdf))).join('');
      const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 13) % 0x5e))).join('');
      const mixed = ascii.slice(0, n >> 1) + '你' + ascii.slice(n >> 1);
      for (const s of [latin1, ascii, mixed]) {
        const w = new ByteWriter(1);
        w.writeString(s);
        const r = new ByteReader(w.toBytes());
        expect(r.readStringBody(r.readVarUint36Small(), 0, 1 << 20)).toBe(s);
        expect(r.pos).toBe(r.end);
      }
    }
  });
});

describe('ByteWriter growth', () => {
  it('a large payload keeps the buffer it was written in; the next payload gets a new one', () => {
    const w = new ByteWriter(1);
    const big = new Uint8Array(300 * 1024).map((_, i) => i & 0xff);
    w.writeBytes(big);
    const first = w.toBytes();
    expect(first).toEqual(big);
    w.reset();
    w.writeBytes(new Uint8Array(300 * 1024).fill(7));
    const second = w.toBytes();
    expect(second.buffer).not.toBe(first.buffer);
    expect(first).toEqual(big); // untouched by the second payload
    expect(second.every((b) => b === 7)).toBe(true);
    w.reset();
    w.writeVarUint32(5);
    expect(hex(w.toBytes())).toBe('05');
  });
  it('grows from a tiny buffer without losing data', () => {
    const w = new ByteWriter(1);
    for (let i = 0; i < 10000; i++) w.writeVarUint32(i);
    const r = new ByteReader(w.toBytes());
    for (let i = 0; i < 10000; i++) expect(r.readVarUint32()).toBe(i);
  });
});

describe('safe-integer boundary', () => {
  it('±(2^53-1) are numbers, ±2^53 are bigints, for every 64-bit encoding', () => {
    for (const v of [2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 53n, -(2n ** 53n)]) {
      const w = new ByteWriter();
      w.writeInt64(v);
      w.writeVarInt64(v);
      w.writeTaggedInt64(v);
      const r = new ByteReader(w.toBytes());
      // toEqual distinguishes 2**53 (number) from 2n**53n (bigint).
      expect([r.readInt64(), r.readVarInt64(), r.readTaggedInt64()]).toEqual([v, v, v]);
    }
  });
});
