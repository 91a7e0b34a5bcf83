import { describe, expect, it } from 'vitest';
import { Decimal, Duration, Fory, LocalDate, Timestamp, Type, BoolArray, Float16Array, BFloat16Array } from '../src/index.js';
import { h, hex } from './helpers.js';

const fory = new Fory();
const refFory = new Fory({ ref: true });
const enc = (v: unknown, f = fory) => hex(f.serialize(v));

describe('root framing (spec "Fory header", "Reference Meta")', () => {
  it('writes the xlang header bit and a NOT_NULL flag, or NULL for null', () => {
    expect(enc(true)).toBe('01' + 'ff' + '01' + '01');
    expect(enc(null)).toBe('01' + 'fd');
    expect(enc(undefined)).toBe('01' + 'fd');
    expect(fory.deserialize(h('01fd'))).toBeNull();
  });
  it('with ref tracking, the root always gets REF_VALUE, as Java and pyfory write it', () => {
    expect(enc([], refFory)).toBe('01' + '00' + '16' + '00');
    expect(enc('s', refFory)).toBe('01' + '00' + '15' + '04' + '73');
    expect(enc(true, refFory)).toBe('01' + '00' + '01' + '01');
  });
});

describe('scalars in every encoding (typed writes)', () => {
  const cases: Array<[string, unknown, ReturnType<(typeof Type)[keyof typeof Type]>, string]> = [
    ['int8 -1', -1, Type.int8(), '02 ff'],
    ['int16 300', 300, Type.int16(), '03 2c01'],
    ['fixed int32 -2', -2, Type.int32({ encoding: 'fixed' }), '04 feffffff'],
    ['varint32 -2', -2, Type.int32(), '05 03'],
    ['fixed int64 1', 1, Type.int64({ encoding: 'fixed' }), '06 0100000000000000'],
    ['varint64 -1', -1, Type.int64(), '07 01'],
    ['tagged int64 1', 1, Type.int64({ encoding: 'tagged' }), '08 02000000'],
    ['uint8 255', 255, Type.uint8(), '09 ff'],
    ['uint16 65535', 65535, Type.uint16(), '0a ffff'],
    ['fixed uint32 2^32-1', 2 ** 32 - 1, Type.uint32({ encoding: 'fixed' }), '0b ffffffff'],
    ['var uint32 128', 128, Type.uint32(), '0c 8001'],
    ['fixed uint64 2^64-1', 2n ** 64n - 1n, Type.uint64({ encoding: 'fixed' }), '0d ffffffffffffffff'],
    ['var uint64 2^64-1', 2n ** 64n - 1n, Type.uint64(), '0e ffffffffffffffffff'],
    ['tagged uint64 2^31', 2 ** 31, Type.uint64({ encoding: 'tagged' }), '0f 01 0000008000000000'],
    ['float16 1', 1, Type.float16(), '11 003c'],
    ['bfloat16 1', 1, Type.bfloat16(), '12 803f'],
    ['float32 1.5', 1.5, Type.float32(), '13 0000c03f'],
    ['float64 -0', -0, Type.float64(), '14 0000000000000080'],
  ];
  for (const [name, value, type, bytes] of cases) {
    it(name, () => {
      const out = fory.serialize(value as never, type);
      expect(hex(out)).toBe('01ff' + bytes.replace(/ /g, ''));
      const back = fory.deserialize(out);
      if (typeof value === 'bigint') expect(back).toBe(value);
      else expect(Object.is(back, value)).toBe(true);
    });
  }
});

describe('dynamic mapping', () => {
  it('safe integers are int64 varints, other numbers float64', () => {
    expect(enc(1)).toBe('01ff' + '07' + '02');
    expect(enc(1.5)).toBe('01ff' + '14' + '000000000000f83f');
    expect(enc(-0)).toBe('01ff' + '14' + '0000000000000080');
    expect(enc(2 ** 53)).toBe('01ff' + '14' + '0000000000004043');
  });
  it('int64 beyond 2^53 reads as bigint, never rounded', () => {
    expect(fory.deserialize(fory.serialize(2n ** 60n))).toBe(2n ** 60n);
    expect(fory.deserialize(fory.serialize(5n))).toBe(5);
    expect(new Fory({ int64: 'bigint' }).deserialize(fory.serialize(5n))).toBe(5n);
  });
  it('bigint above int64 is uint64', () => {
    expect(enc(2n ** 64n - 1n)).toBe('01ff' + '0e' + 'ffffffffffffffffff');
  });
  it('temporal and decimal values', () => {
    expect(enc(new Date(1500))).toBe('01ff' + '26' + '0100000000000000' + '0065cd1d');
    expect(enc(new Date(-1))).toBe('01ff' + '26' + 'ffffffffffffffff' + 'c0878b3b'); // -1 s + 999,000,000 ns
    expect(enc(new LocalDate(-1))).toBe('01ff' + '27' + '01');
    expect(enc(new Duration(-1, 500_000_000))).toBe('01ff' + '25' + '01' + '0065cd1d');
    expect(enc(new Decimal(-5n, 3))).toBe('01ff' + '28' + '06' + '12'); // scale zigzag 6; zigzag(-5)=9 << 1
    const big = new Decimal(2n ** 64n, 0); // magnitude 9 bytes, positive: meta = 9<<1|0 = 18; header = 18<<1|1 = 37
    expect(enc(big)).toBe('01ff' + '28' + '00' + '25' + '000000000000000001');
    expect(fory.deserialize(fory.serialize(big))).toEqual(big);
    const ts = new Timestamp(1n, 5);
    expect(fory.deserialize(fory.serialize(ts))).toEqual(ts);
  });
  it('dense arrays carry their byte length', () => {
    expect(enc(new Int16Array([1, -1]))).toBe('01ff' + '2d' + '04' + '0100ffff');
    expect(enc(new Uint8ClampedArray([7]))).toBe('01ff' + '30' + '01' + '07');
    expect(enc(new BoolArray([true, false]))).toBe('01ff' + '2b' + '02' + '0100');
    expect(enc(new Float16Array([1]))).toBe('01ff' + '35' + '02' + '003c');
    expect(enc(new BFloat16Array([1]))).toBe('01ff' + '36' + '02' + '803f');
    expect(enc(new Uint8Array([1, 2]))).toBe('01ff' + '29' + '02' + '0102');
  });
});

describe('list/set elements header (spec "collection/list")', () => {
  it('same type, no nulls: header 0x08 then the element type once', () => {
    expect(enc(['a', 'b'])).toBe('01ff16' + '02' + '08' + '15' + '0461' + '0462');
  });
  it('same type with nulls: header 0x0a and a flag per element', () => {
    expect(enc(['a', null])).toBe('01ff16' + '02' + '0a' + '15' + 'ff0461' + 'fd');
  });
  it('mixed types: header 0x00 and type info per element', () => {
    expect(enc([1, 'a'])).toBe('01ff16' + '02' + '00' + '0702' + '150461');
  });
  it('mixed with nulls: header 0x02', () => {
    expect(enc([1, 'a', null])).toBe('01ff16' + '03' + '02' + 'ff0702' + 'ff150461' + 'fd');
  });
  it('empty: length 0 and nothing else', () => {
    expect(enc([])).toBe('01ff16' + '00');
    expect(enc(new Set())).toBe('01ff17' + '00');
  });
  it('with ref tracking, tracked elements get REF_VALUE / REF', () => {
    const x = [1];
    // root REF_VALUE takes id 0, the inner list id 1
    expect(enc([x, x], refFory)).toBe('0100' + '16' + '02' + '09' + '16' + '00' + '010807' + '02' + 'fe01');
    const back = refFory.deserialize<unknown[][]>(refFory.serialize([x, x]));
    expect(back[0]).toBe(back[1]);
  });
  it('cycles round-trip with ref tracking', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(enc(a, refFory)).toBe('0100' + '16' + '01' + '09' + '16' + 'fe00');
    const back = refFory.deserialize<unknown[]>(refFory.serialize(a));
    expect(back[0]).toBe(back);
  });
  it('typed lists write the declared element type id', () => {
    expect(hex(fory.serialize([1, 2], Type.list(Type.int16())))).toBe('01ff16' + '02' + '08' + '03' + '0100' + '0200');
  });
});

describe('map chunks (spec "map")', () => {
  it('one chunk: header, size, key type, value type, pairs', () => {
    expect(enc(new Map([['a', 1]]))).toBe('01ff18' + '01' + '00' + '01' + '15' + '07' + '0461' + '02');
  });
  it('a change of value type starts a new chunk', () => {
    expect(enc(new Map<string, unknown>([['a', 1], ['b', 'x']]))).toBe(
      '01ff18' + '02' + '00' + '01' + '1507' + '0461' + '02' + '00' + '01' + '1515' + '0462' + '0478',
    );
  });
  it('null values get a chunk of their own: no size byte, the other side flagged and typed', () => {
    // 0x11 = value_has_null | key_track_ref; the key carries a ref flag even with ref off.
    expect(enc(new Map([['a', null]]))).toBe('01ff18' + '01' + '11' + 'ff' + '15' + '0461');
    // 0x0a = key_has_null | value_track_ref
    expect(enc(new Map([[null, 1]]))).toBe('01ff18' + '01' + '0a' + 'ff' + '07' + '02');
    expect(enc(new Map([[null, null]]))).toBe('01ff18' + '01' + '12');
    // With ref tracking the present side gets REF_VALUE, even a string.
    expect(enc(new Map([['a', null]]), refFory)).toBe('010018' + '01' + '11' + '00' + '15' + '0461');
  });
  it('255 entries fit one chunk; the 256th starts another', () => {
    for (const n of [255, 256, 600]) {
      const m = new Map<number, number>();
      for (let i = 0; i < n; i++) m.set(i, i);
      const bytes = fory.serialize(m);
      // header(01) flag(ff) type(18) varuint32 size, then the first chunk header 00 and size byte
      const sizeLen = n < 128 ? 1 : 2;
      expect(bytes[3 + sizeLen]).toBe(0x00);
      expect(bytes[4 + sizeLen]).toBe(Math.min(n, 255));
      expect(fory.deserialize(bytes)).toEqual(m);
    }
  });
  it('plain objects are string-keyed maps and read back as Map', () => {
    expect(fory.deserialize(fory.serialize({ a: 1, b: 'x' }))).toEqual(new Map<string, unknown>([['a', 1], ['b', 'x']]));
  });
  it('object keys, ref-tracked values and self references', () => {
    const m = new Map<unknown, unknown>();
    m.set('self', m);
    const back = refFory.deserialize<Map<unknown, unknown>>(refFory.serialize(m));
    expect(back.get('self')).toBe(back);
  });
});

describe('decoded dense arrays (byte pool for arrays up to 2 KiB)', () => {
  it('each decoded array is an independent copy with the right values, across slab boundaries', () => {
    const sizes = [1, 7, 8, 9, 64, 65, 100, 127, 128, 129, 255, 256, 257, 1000, 3000];
    const sent: Float64Array[] = [];
    const got: Float64Array[] = [];
    // Enough arrays to fill several 32 KiB slabs.
    for (let round = 0; round < 20; round++) {
      for (const n of sizes) {
        const a = Float64Array.from({ length: n }, (_, i) => round * 1e6 + n * 1000 + i + 0.5);
        const bytes = fory.serialize(a);
        const back = fory.deserialize<Float64Array>(bytes);
        expect(back).toBeInstanceOf(Float64Array);
        expect(back.byteOffset % 8).toBe(0);
        bytes.fill(0xee); // the input is not referenced
        sent.push(a);
        got.push(back);
      }
    }
    for (let i = 0; i < got.length; i++) expect(got[i]).toEqual(sent[i]);
    // Writing to one array never shows in another (each owns its slice of a shared slab).
    for (const g of got) g.fill(-1);
    for (const g of got) expect(g.every((x) => x === -1)).toBe(true);
  });
  it('every element type round-trips through the pool, aligned', () => {
    const values = [
      new Int8Array([-1, 2, -3]), new Int16Array(50).fill(-7), new Int32Array(40).fill(123456), new BigInt64Array(20).fill(-5n),
      new Uint16Array(3).fill(9), new Uint32Array(33).fill(2 ** 31), new BigUint64Array(9).fill(2n ** 63n), new Float32Array(17).fill(0.5),
      new Uint8ClampedArray([1, 255]), new BoolArray([true, false, true]), new Float16Array([1, 2]), new BFloat16Array([1, 2]),
    ];
    for (const v of values) {
      const back = fory.deserialize<{ byteOffset?: number }>(fory.serialize(v));
      expect(back).toEqual(v);
    }
  });
  it('a bad bool byte in a pooled array<bool> is rejected with its offset', () => {
    const bytes = fory.serialize(new BoolArray([true, false, true]));
    bytes[bytes.length - 2] = 2;
    expect(() => fory.deserialize(bytes)).toThrow(/Invalid bool byte 2 in array<bool> element 1/);
  });
});
