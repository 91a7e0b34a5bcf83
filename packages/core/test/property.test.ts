// Property-based tests for the xlang codec (fast-check, fixed seed, bounded runs).
//
// - Dynamic values: an arbitrary covering the whole JS ⇄ xlang mapping, a normalizer `expected`
//   for the documented read-back mapping, and a deep equality that is stricter than `toEqual`
//   (NaN equals NaN, -0 differs from 0, typed arrays compare by constructor and bytes).
// - Reference tracking: random object graphs with shared parts and cycles keep their identity
//   structure under `ref: true`.
// - Typed round trips for every scalar `Type` and for typed lists/sets/maps.
// - Fuzzing: random bytes and mutated/truncated valid payloads only ever raise a ForyError.
//
// Strings include lone surrogates (the writer falls back to UTF-16 for them) and 64-bit integers
// include -2^53, the one value next to the safe range that a fixed int64 could misread as a number.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BFloat16Array,
  BoolArray,
  Decimal,
  Duration,
  Float16Array,
  Fory,
  ForyError,
  LocalDate,
  Timestamp,
  Type,
} from '../src/index.js';
import type { ForyLimits, TypeSpec } from '../src/index.js';

// ---------------------------------------------------------------------------------------------
// Run parameters: deterministic and bounded.
// ---------------------------------------------------------------------------------------------

const SEED = 0x5eed_f0e7;
const RUNS = 300;
const params = (numRuns = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

// ---------------------------------------------------------------------------------------------
// Numeric constants.
// ---------------------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** Just outside the safe range; it must come back as a bigint from every int64 encoding. */
const NEG_2_53 = -(2n ** 53n);
const MAX_DATE_MS = 8.64e15;

// ---------------------------------------------------------------------------------------------
// Expected read-back mapping and deep equality.
// ---------------------------------------------------------------------------------------------

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * What `deserialize(serialize(v))` should give for an acyclic value `v` (README "JavaScript ⇄ xlang
 * type mapping"):
 * undefined → null; bigint in the safe range → number; plain object → Map; Timestamp that a Date
 * represents exactly → Date; Set/Map rebuilt from normalized members (so 1 and 1n collapse).
 */
function expected(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(expected);
  if (v instanceof Set) return new Set([...v].map(expected));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [expected(k), expected(x)] as const));
  if (v instanceof Timestamp) {
    // Read back as a Date when the nanos are whole milliseconds and the instant is in Date range.
    if (v.nanos % 1_000_000 === 0) {
      const ms = v.seconds * 1000n + BigInt(v.nanos / 1_000_000);
      if (ms >= -BigInt(MAX_DATE_MS) && ms <= BigInt(MAX_DATE_MS)) return new Date(Number(ms));
    }
    return v;
  }
  if (isPlainObject(v)) {
    const o = v as Record<string, unknown>;
    return new Map(Object.keys(o).map((k) => [k, expected(o[k])] as const));
  }
  return v; // Date, LocalDate, Duration, Decimal, typed arrays, wrappers: unchanged
}

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Multiset match. Greedy matching is correct because deepEqual is an equivalence. */
function matchAll<T>(as: T[], bs: T[], eq: (a: T, b: T) => boolean): boolean {
  if (as.length !== bs.length) return false;
  const used = new Array<boolean>(bs.length).fill(false);
  for (const a of as) {
    const i = bs.findIndex((b, j) => !used[j] && eq(a, b));
    if (i < 0) return false;
    used[i] = true;
  }
  return true;
}

/**
 * Structural equality for (acyclic) decoded values: Object.is for primitives (NaN === NaN,
 * -0 !== 0, 1 !== 1n), same prototype for objects, typed arrays and wrappers by bytes, Sets and
 * Maps by content regardless of order (object keys compared structurally).
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (a instanceof Timestamp || a instanceof Duration || a instanceof LocalDate || a instanceof Decimal) return a.equals(b);
  if (ArrayBuffer.isView(a)) return sameBytes(bytesOf(a), bytesOf(b as ArrayBufferView));
  if (a instanceof BoolArray || a instanceof Float16Array || a instanceof BFloat16Array) {
    return sameBytes(bytesOf(a.data), bytesOf((b as typeof a).data));
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  if (a instanceof Set) return matchAll([...a], [...(b as Set<unknown>)], deepEqual);
  if (a instanceof Map) {
    return matchAll([...a], [...(b as Map<unknown, unknown>)], (x, y) => deepEqual(x[0], y[0]) && deepEqual(x[1], y[1]));
  }
  return false;
}

function show(v: unknown): string {
  return inspect(v, { depth: 8, breakLength: 120 });
}

function expectDeepEqual(actual: unknown, wanted: unknown): void {
  if (!deepEqual(actual, wanted)) {
    throw new Error(`decoded value differs\n  actual:   ${show(actual)}\n  expected: ${show(wanted)}`);
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function expectSameBytes(actual: Uint8Array, wanted: Uint8Array): void {
  if (!sameBytes(actual, wanted)) throw new Error(`bytes differ\n  actual:   ${hex(actual)}\n  expected: ${hex(wanted)}`);
}

// The helpers must be right, or every property below is meaningless.
describe('test helpers', () => {
  it('deepEqual is strict about NaN, -0, bigint vs number, typed array kind, and Set/Map content', () => {
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual(-0, 0)).toBe(false);
    expect(deepEqual(1, 1n)).toBe(false);
    expect(deepEqual(new Int8Array([1]), new Uint8Array([1]))).toBe(false);
    expect(deepEqual(new Int32Array([1, 2]), new Int32Array([1, 2]))).toBe(true);
    expect(deepEqual(new Set([[1], [2]]), new Set([[2], [1]]))).toBe(true);
    expect(deepEqual(new Set([[1], [1]]), new Set([[1], [2]]))).toBe(false);
    expect(deepEqual(new Map([[[1], 'a']]), new Map([[[1], 'a']]))).toBe(true);
    expect(deepEqual(new Map([[[1], 'a']]), new Map([[[1], 'b']]))).toBe(false);
    expect(deepEqual(new Date(5), new Date(5))).toBe(true);
    expect(deepEqual(new Decimal(1n, 2), new Decimal(1n, 3))).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it('expected() applies the documented read-back mapping', () => {
    expectDeepEqual(expected({ a: undefined, b: 5n }), new Map<unknown, unknown>([['a', null], ['b', 5]]));
    expectDeepEqual(expected(new Set([1, 1n])), new Set([1]));
    expectDeepEqual(expected(2n ** 60n), 2n ** 60n);
    expectDeepEqual(expected(new Timestamp(1n, 2_000_000)), new Date(1002));
    expectDeepEqual(expected(new Timestamp(1n, 2)), new Timestamp(1n, 2));
  });
});

// ---------------------------------------------------------------------------------------------
// Arbitraries.
// ---------------------------------------------------------------------------------------------

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

const latin1Char = fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c));

/** Well-formed strings: ASCII, Latin1 (short and ≥ 32 chars), any code point incl. astral, and long UTF-8 (> 64 bytes). */
const wellFormedString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: latin1Char, maxLength: 80 }),
  fc.string({ unit: 'binary', minLength: 20, maxLength: 40 }),
  fc.constantFrom('', '\u0000', '\ufeff', '\ufeffBOM', '😀', 'é', '中文', '\u{10ffff}', '\uffff', 'x'.repeat(64)),
);

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings containing at least one unpaired surrogate, alone or mixed with other text. */
const loneSurrogateString = fc
  .array(fc.oneof(loneSurrogate, fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ unit: latin1Char, maxLength: 40 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''))
  .filter(hasLoneSurrogate);

/** Any JS string: well-formed text of every kind, or text with unpaired surrogates. */
const anyString = fc.oneof({ arbitrary: wellFormedString, weight: 3 }, loneSurrogateString);

const numberArb = fc.oneof(
  fc.integer(),
  fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }).map(Number),
  fc.double(), // includes NaN, ±Infinity and -0
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 63, Number.MAX_VALUE, Number.MIN_VALUE, 0.1),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 31, -(2 ** 31), 2 ** 52, -(2 ** 52)),
);

const int64Boundaries = [INT64_MIN, INT64_MIN + 1n, NEG_2_53 - 1n, NEG_2_53, NEG_2_53 + 1n, -MAX_SAFE, -1n, 0n, 1n, MAX_SAFE, MAX_SAFE + 1n, 2n ** 62n, INT64_MAX];

/** int64 bigints over the full range, boundaries included. */
const int64Big = fc.oneof(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), fc.constantFrom(...int64Boundaries));
const uint64Big = fc.oneof(fc.bigInt({ min: 0n, max: UINT64_MAX }), fc.constantFrom(0n, 1n, MAX_SAFE, MAX_SAFE + 1n, 2n ** 31n - 1n, 2n ** 31n, INT64_MAX, INT64_MAX + 1n, UINT64_MAX));
/** Bigints a dynamic write takes: int64 range, or uint64 range above int64 max. */
const dynamicBigint = fc.oneof(int64Big, fc.bigInt({ min: INT64_MAX + 1n, max: UINT64_MAX }), fc.constantFrom(INT64_MAX + 1n, UINT64_MAX));

/** Returns a copy of `arr` that is a subarray view at a non-zero byteOffset, to exercise offset handling. */
function shifted<T extends ArrayBufferView & { length: number }>(arr: T): T {
  const Ctor = arr.constructor as new (n: number) => T & { set(a: T, o: number): void; subarray(b: number, e: number): T };
  const big = new Ctor(arr.length + 2);
  big.set(arr, 1);
  return big.subarray(1, 1 + arr.length);
}

function maybeShifted<T extends ArrayBufferView & { length: number }>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(arb, fc.boolean()).map(([a, s]) => (s ? shifted(a) : a));
}

const typedArrayArb = fc.oneof(
  maybeShifted(fc.int8Array({ maxLength: 8 })),
  maybeShifted(fc.int16Array({ maxLength: 8 })),
  maybeShifted(fc.int32Array({ maxLength: 8 })),
  maybeShifted(fc.bigInt64Array({ maxLength: 6 })),
  maybeShifted(fc.uint8ClampedArray({ maxLength: 8 })),
  maybeShifted(fc.uint16Array({ maxLength: 8 })),
  maybeShifted(fc.uint32Array({ maxLength: 8 })),
  maybeShifted(fc.bigUint64Array({ maxLength: 6 })),
  maybeShifted(fc.float32Array({ maxLength: 8 })),
  maybeShifted(fc.float64Array({ maxLength: 8 })),
  fc.array(fc.boolean(), { maxLength: 10 }).map((a) => new BoolArray(a)),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }).map((bits) => new Float16Array(Uint16Array.from(bits))),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }).map((bits) => new BFloat16Array(Uint16Array.from(bits))),
);

const binaryArb = maybeShifted(fc.uint8Array({ maxLength: 24 }));

const dateArb = fc.oneof(
  fc.bigInt({ min: -BigInt(MAX_DATE_MS), max: BigInt(MAX_DATE_MS) }).map((ms) => new Date(Number(ms))),
  fc.integer({ min: -100_000, max: 100_000 }).map((ms) => new Date(ms)),
  fc.constantFrom(-1, -999, -1000, -1001, 0, 1, 999, -62_135_596_800_000, -MAX_DATE_MS, MAX_DATE_MS).map((ms) => new Date(ms)),
);

const nanosArb = fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 1, 999_999_999, 500_000_000));

const timestampArb = fc.oneof(
  fc.tuple(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), nanosArb),
  fc.tuple(fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }), nanosArb),
  // whole milliseconds: these read back as a Date
  fc.tuple(fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }), fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1_000_000)),
).map(([s, n]) => new Timestamp(s, n));

const localDateArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }).map(Number),
).map((d) => new LocalDate(d));

const durationArb = fc.oneof(
  fc.tuple(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), nanosArb).map(([s, n]) => new Duration(s, n)),
  // negative and out-of-range nanos exercise Duration's normalization (-0.5 s = -1 s + 500 ms)
  fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -2_000_000_000, max: 2_000_000_000 })).map(([s, n]) => new Duration(s, n)),
  fc.constantFrom(new Duration(-1n, 500_000_000), new Duration(0n, 0), new Duration(INT64_MIN, 0), new Duration(INT64_MAX, 999_999_999)),
);

const unscaledArb = fc.oneof(
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }),
  fc.integer().map(BigInt),
  // around the small/big encoding switch (zigzag must fit 63 bits) and a ~1000-byte magnitude
  fc.constantFrom(0n, 2n ** 62n - 1n, 2n ** 62n, 2n ** 62n + 1n, -(2n ** 62n), -(2n ** 62n) - 1n, 2n ** 63n, -(2n ** 63n), UINT64_MAX, 10n ** 100n, -(2n ** 8000n)),
);
const scaleArb = fc.oneof(fc.integer({ min: -10_000, max: 10_000 }), fc.constantFrom(-10_000, 10_000, 0, -1, 1, 2 ** 7, -(2 ** 7)));
const decimalArb = fc.tuple(unscaledArb, scaleArb).map(([u, s]) => new Decimal(u, s));

/** Every non-container value of the dynamic mapping. */
const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false),
  numberArb,
  dynamicBigint,
  anyString,
  binaryArb,
  typedArrayArb,
  dateArb,
  timestampArb,
  localDateArb,
  durationArb,
  decimalArb,
);

function plainObject(entries: Array<[string, unknown]>, nullProto: boolean): Record<string, unknown> {
  if (!nullProto) return Object.fromEntries(entries);
  const o = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function xlangValueArb(leaf: fc.Arbitrary<unknown>, maxDepth = 4, maxLength = 5): fc.Arbitrary<unknown> {
  const depthIdentifier = fc.createDepthIdentifier();
  const { value } = fc.letrec<{ value: unknown }>((tie) => {
    const child = tie('value');
    const list = fc.array(child, { maxLength, depthIdentifier });
    return {
      value: fc.oneof(
        { maxDepth, depthIdentifier },
        { arbitrary: leaf, weight: 4 },
        { arbitrary: list, weight: 2 },
        list.map((a) => new Set(a)),
        // Mixed key types, object keys included.
        fc.array(fc.tuple(child, child), { maxLength, depthIdentifier }).map((e) => new Map(e)),
        fc.tuple(fc.array(fc.tuple(fc.string({ maxLength: 6 }), child), { maxLength, depthIdentifier }), fc.boolean()).map(([e, n]) => plainObject(e, n)),
      ),
    };
  });
  return value;
}

/** The dynamic value arbitrary: recursive, depth ≤ 4, containers of ≤ 5 members. */
const xlangValue = xlangValueArb(leafArb);

/** True when a Set/Map in `v` has members that collapse once normalized (1 and 1n, null and undefined). */
function collapses(v: unknown): boolean {
  const canon = (x: unknown): unknown => (x === undefined ? null : typeof x === 'bigint' && x >= -MAX_SAFE && x <= MAX_SAFE ? Number(x) : x);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(collapses);
  if (v instanceof Set) return new Set([...v].map(canon)).size !== v.size || [...v].some(collapses);
  if (v instanceof Map) return new Set([...v.keys()].map(canon)).size !== v.size || [...v].some(([k, x]) => collapses(k) || collapses(x));
  if (isPlainObject(v)) return Object.values(v).some(collapses);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Dynamic round trips.
// ---------------------------------------------------------------------------------------------

describe('dynamic values round-trip', () => {
  const plain = new Fory();
  const tracked = new Fory({ ref: true });

  it('deserialize(serialize(v)) equals expected(v) with ref: false', () => {
    fc.assert(
      fc.property(xlangValue, (v) => {
        expectDeepEqual(plain.deserialize(plain.serialize(v)), expected(v));
      }),
      params(),
    );
  });

  it('deserialize(serialize(v)) equals expected(v) with ref: true', () => {
    fc.assert(
      fc.property(xlangValue, (v) => {
        expectDeepEqual(tracked.deserialize(tracked.serialize(v)), expected(v));
      }),
      params(),
    );
  });

  it('payloads written with ref: true and ref: false decode the same with either instance', () => {
    fc.assert(
      fc.property(xlangValue, (v) => {
        expectDeepEqual(plain.deserialize(tracked.serialize(v)), expected(v));
        expectDeepEqual(tracked.deserialize(plain.serialize(v)), expected(v));
      }),
      params(),
    );
  });

  // Plain objects and undefined are included on purpose: {k: v} is written like Map([[k, v]]) and
  // undefined like null, so re-encoding them is byte-identical too. Only Sets/Maps whose members
  // collapse on read (1 and 1n, null and undefined) are excluded, since they shrink when decoded.
  it('re-encoding is stable: serialize(deserialize(serialize(v))) is byte-identical (ref: false and true)', () => {
    fc.assert(
      fc.property(xlangValue, (v) => {
        fc.pre(!collapses(v));
        for (const fory of [plain, tracked]) {
          const once = fory.serialize(v);
          expectSameBytes(fory.serialize(fory.deserialize(once)), once);
        }
      }),
      params(),
    );
  });

  it('decodes a payload that sits at a non-zero byteOffset of a larger buffer', () => {
    fc.assert(
      fc.property(xlangValue, fc.nat({ max: 7 }), (v, pad) => {
        const bytes = plain.serialize(v);
        const big = new Uint8Array(bytes.length + pad * 2).fill(0xee);
        big.set(bytes, pad);
        expectDeepEqual(plain.deserialize(big.subarray(pad, pad + bytes.length)), expected(v));
      }),
      params(100),
    );
  });

  it('large containers and strings (map chunks > 255 entries, strings > 4096 units) round-trip', () => {
    const bigLeaf = fc.oneof(fc.integer(), anyString, fc.constant(null), fc.double());
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), bigLeaf), { minLength: 200, maxLength: 700 }),
        fc.oneof(
          fc.string({ unit: latin1Char, minLength: 4000, maxLength: 6000 }),
          fc.string({ unit: 'binary', minLength: 2000, maxLength: 5000 }),
          fc.tuple(fc.string({ unit: 'binary', minLength: 2000, maxLength: 5000 }), loneSurrogate).map(([a, b]) => a + b),
        ),
        (entries, longString) => {
          const v = [new Map(entries), new Set(entries.map((e) => e[0])), entries.map((e) => e[1]), longString];
          expectDeepEqual(plain.deserialize(plain.serialize(v)), expected(v));
          expectDeepEqual(tracked.deserialize(tracked.serialize(v)), expected(v));
        },
      ),
      params(30),
    );
  });

  it("int64: 'bigint' returns every 64-bit integer as a bigint", () => {
    const bigintFory = new Fory({ int64: 'bigint' });
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }).map(Number), dynamicBigint), (v) => {
        const out = bigintFory.deserialize(bigintFory.serialize(v));
        expect(out).toBe(BigInt(v));
      }),
      params(),
    );
  });

  it('a lone surrogate is written as UTF-16 and reads back exactly', () => {
    // 01 header | ff NOT_NULL | 15 STRING | 09 = (2 bytes << 2) | 1 UTF16 | 00 d8 = U+D800 little-endian
    const s = '\ud800';
    const bytes = plain.serialize(s);
    expect(hex(bytes)).toBe('01 ff 15 09 00 d8');
    expect(plain.deserialize(bytes)).toBe(s);
  });

  it('lone-surrogate strings round-trip as roots, list members and map keys and values', () => {
    fc.assert(
      fc.property(loneSurrogateString, (s) => {
        for (const v of [s, [s, 1], new Map([[s, s]])]) {
          expectDeepEqual(plain.deserialize(plain.serialize(v)), expected(v));
        }
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Reference tracking: shared parts and cycles.
// ---------------------------------------------------------------------------------------------

type NodeKind = 'array' | 'set' | 'map' | 'object' | 'binary' | 'int32array';
const CONTAINER_KINDS: NodeKind[] = ['array', 'set', 'map', 'object'];

interface Edge {
  from: number;
  to: number;
  useNode: boolean;
  /** For Map parents: a fresh string key, a node as the key (value = scalar), or the null key. */
  keyMode: 'string' | 'node' | 'null';
  scalar: unknown;
}

/** Scalars a graph may hold (never tracked by reference; compared structurally). */
const graphScalar = fc.oneof(fc.constantFrom(null, true), fc.integer(), fc.string({ maxLength: 4 }), fc.double(), dynamicBigint, dateArb, decimalArb);

/**
 * A random object graph. Node 0 (the root) is a container; each edge adds to a container either
 * another node (shared parts, and cycles when it points back to itself or an ancestor) or a scalar.
 * With `acyclic`, edges only point from a node to a later one.
 */
function graphArb(acyclic: boolean): fc.Arbitrary<{ root: object; nodes: object[] }> {
  return fc
    .record({
      rootKind: fc.constantFrom(...CONTAINER_KINDS),
      kinds: fc.array(fc.constantFrom<NodeKind>('array', 'array', 'set', 'map', 'object', 'binary', 'int32array'), { maxLength: 7 }),
      edges: fc.array(
        fc.record({ from: fc.nat(), to: fc.nat(), useNode: fc.boolean(), keyMode: fc.constantFrom<Edge['keyMode']>('string', 'string', 'node', 'null'), scalar: graphScalar }),
        { maxLength: 24 },
      ),
    })
    .map(({ rootKind, kinds, edges }) => buildGraph([rootKind, ...kinds], edges, acyclic));
}

function buildGraph(kinds: NodeKind[], edges: Edge[], acyclic: boolean): { root: object; nodes: object[] } {
  const nodes: object[] = kinds.map((k, i) => {
    switch (k) {
      case 'array':
        return [];
      case 'set':
        return new Set();
      case 'map':
        return new Map();
      case 'object':
        return {};
      case 'binary':
        return new Uint8Array([i, 0xab]);
      case 'int32array':
        return new Int32Array([i, -i]);
    }
  });
  const n = nodes.length;
  edges.forEach((e, i) => {
    const from = e.from % n;
    const parent = nodes[from]!;
    let to = e.to % n;
    if (acyclic) {
      if (from === n - 1) return;
      to = from + 1 + (e.to % (n - 1 - from));
    }
    const child = e.useNode ? nodes[to]! : e.scalar;
    if (Array.isArray(parent)) parent.push(child);
    else if (parent instanceof Set) parent.add(e.useNode ? child : `s${i}`); // unique scalars: nothing collapses
    else if (parent instanceof Map) {
      // Null keys and null values make single-entry chunks whose non-null side is always framed as
      // referenceable; node keys with a null value and shared values under the null key test that path.
      if (e.keyMode === 'node') parent.set(nodes[to]!, e.scalar);
      else parent.set(e.keyMode === 'null' ? null : `k${i}`, child);
    }
    else if (!ArrayBuffer.isView(parent)) (parent as Record<string, unknown>)[`k${i}`] = child;
  });
  return { root: nodes[0]!, nodes };
}

function isTracked(v: unknown): v is object {
  return (
    typeof v === 'object' &&
    v !== null &&
    (Array.isArray(v) || v instanceof Set || v instanceof Map || ArrayBuffer.isView(v) || isPlainObject(v))
  );
}

/**
 * Walk original and decoded graphs side by side. Every tracked object must map to exactly one
 * decoded object and vice versa, so shared parts stay shared and cycles stay cycles. Set and Map
 * order is compared as written (the codec writes and reads members in iteration order).
 */
function checkIsomorphic(orig: unknown, dec: unknown, seen: Map<object, unknown>, rev: Map<unknown, object>, path: string): void {
  if (!isTracked(orig)) {
    if (!deepEqual(dec, expected(orig))) throw new Error(`at ${path}: ${show(dec)} != ${show(expected(orig))}`);
    return;
  }
  if (seen.has(orig)) {
    if (seen.get(orig) !== dec) throw new Error(`at ${path}: shared object decoded to a different instance`);
    return;
  }
  if (rev.has(dec)) throw new Error(`at ${path}: two distinct objects decoded to one instance`);
  seen.set(orig, dec);
  rev.set(dec, orig);
  if (ArrayBuffer.isView(orig)) {
    if (!deepEqual(dec, orig)) throw new Error(`at ${path}: ${show(dec)} != ${show(orig)}`);
  } else if (Array.isArray(orig)) {
    if (!Array.isArray(dec) || dec.length !== orig.length) throw new Error(`at ${path}: expected an Array of ${orig.length}, got ${show(dec)}`);
    orig.forEach((x, i) => checkIsomorphic(x, dec[i], seen, rev, `${path}[${i}]`));
  } else if (orig instanceof Set) {
    if (!(dec instanceof Set) || dec.size !== orig.size) throw new Error(`at ${path}: expected a Set of ${orig.size}, got ${show(dec)}`);
    const d = [...dec];
    [...orig].forEach((x, i) => checkIsomorphic(x, d[i], seen, rev, `${path}{${i}}`));
  } else {
    const entries: Array<[unknown, unknown]> = orig instanceof Map ? [...orig] : Object.entries(orig);
    if (!(dec instanceof Map) || dec.size !== entries.length) throw new Error(`at ${path}: expected a Map of ${entries.length}, got ${show(dec)}`);
    const d = [...dec];
    entries.forEach(([k, x], i) => {
      checkIsomorphic(k, d[i]?.[0], seen, rev, `${path}<key ${i}>`);
      checkIsomorphic(x, d[i]?.[1], seen, rev, `${path}<value ${i}>`);
    });
  }
}

describe('reference tracking (ref: true)', () => {
  const tracked = new Fory({ ref: true });
  const plain = new Fory();

  it('random graphs with shared parts and cycles keep their identity structure', () => {
    fc.assert(
      fc.property(graphArb(false), ({ root }) => {
        const decoded = tracked.deserialize(tracked.serialize(root));
        checkIsomorphic(root, decoded, new Map(), new Map(), '$');
      }),
      params(),
    );
  });

  it('re-encoding a decoded graph is byte-identical', () => {
    fc.assert(
      fc.property(graphArb(false), ({ root }) => {
        const once = tracked.serialize(root);
        expectSameBytes(tracked.serialize(tracked.deserialize(once)), once);
      }),
      params(),
    );
  });

  it('self-containing Array, Set, Map (as key and value) and object decode as true cycles', () => {
    const a: unknown[] = [1];
    a.push(a);
    const s = new Set<unknown>(['x']);
    s.add(s);
    const m = new Map<unknown, unknown>();
    m.set(m, m);
    const o: Record<string, unknown> = { n: 1 };
    o.self = o;
    const root = [a, s, m, o, a];
    const d = tracked.deserialize(tracked.serialize(root)) as unknown[];
    const [da, ds, dm, dobj, da2] = d as [unknown[], Set<unknown>, Map<unknown, unknown>, Map<unknown, unknown>, unknown];
    expect(da[1]).toBe(da);
    expect(da2).toBe(da);
    expect(ds.has(ds)).toBe(true);
    expect([...dm.keys()][0]).toBe(dm);
    expect(dm.get(dm)).toBe(dm);
    expect(dobj.get('self')).toBe(dobj);
    checkIsomorphic(root, d, new Map(), new Map(), '$');
  });

  it('acyclic graphs with shared parts also round-trip structurally with ref: false (sharing is not kept)', () => {
    fc.assert(
      fc.property(graphArb(true), ({ root }) => {
        const decoded = plain.deserialize(plain.serialize(root));
        expectDeepEqual(decoded, expected(root));
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Typed round trips.
// ---------------------------------------------------------------------------------------------

const float16Value = fc.integer({ min: 0, max: 0xffff }).map((bits) => new Float16Array(Uint16Array.of(bits)).get(0));
const bfloat16Value = fc.integer({ min: 0, max: 0xffff }).map((bits) => new BFloat16Array(Uint16Array.of(bits)).get(0));
const int64Typed = fc.oneof(int64Big, fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }).map(Number), fc.integer());
const uint64Typed = fc.oneof(uint64Big, fc.bigInt({ min: 0n, max: MAX_SAFE }).map(Number), fc.nat());
const uint32Value = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }).map(Number), fc.constantFrom(0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1));
const int32Value = fc.oneof(fc.integer(), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 0, -1, 63, -64, 64));

interface TypedCase {
  name: string;
  type: TypeSpec;
  values: fc.Arbitrary<unknown>;
}

const scalarCases: TypedCase[] = [
  { name: 'bool', type: Type.bool(), values: fc.boolean() },
  { name: 'int8', type: Type.int8(), values: fc.oneof(fc.integer({ min: -128, max: 127 }), fc.bigInt({ min: -128n, max: 127n })) },
  { name: 'int16', type: Type.int16(), values: fc.integer({ min: -32768, max: 32767 }) },
  { name: 'int32 (varint)', type: Type.int32(), values: fc.oneof(int32Value, fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n - 1n })) },
  { name: 'int32 (fixed)', type: Type.int32({ encoding: 'fixed' }), values: int32Value },
  { name: 'int64 (varint)', type: Type.int64(), values: int64Typed },
  { name: 'int64 (fixed)', type: Type.int64({ encoding: 'fixed' }), values: int64Typed },
  { name: 'int64 (tagged)', type: Type.int64({ encoding: 'tagged' }), values: fc.oneof(int64Typed, fc.constantFrom(-(2 ** 30), 2 ** 30 - 1, 2 ** 30, -(2 ** 30) - 1)) },
  { name: 'uint8', type: Type.uint8(), values: fc.integer({ min: 0, max: 255 }) },
  { name: 'uint16', type: Type.uint16(), values: fc.integer({ min: 0, max: 65535 }) },
  { name: 'uint32 (varint)', type: Type.uint32(), values: uint32Value },
  { name: 'uint32 (fixed)', type: Type.uint32({ encoding: 'fixed' }), values: uint32Value },
  { name: 'uint64 (varint)', type: Type.uint64(), values: uint64Typed },
  { name: 'uint64 (fixed)', type: Type.uint64({ encoding: 'fixed' }), values: uint64Typed },
  { name: 'uint64 (tagged)', type: Type.uint64({ encoding: 'tagged' }), values: fc.oneof(uint64Typed, fc.constantFrom(2 ** 30, 2 ** 31 - 1, 2 ** 31, 2 ** 32)) },
  { name: 'float16 (representable values)', type: Type.float16(), values: float16Value },
  { name: 'bfloat16 (representable values)', type: Type.bfloat16(), values: bfloat16Value },
  { name: 'float32 (Math.fround values)', type: Type.float32(), values: fc.oneof(fc.double().map(Math.fround), fc.float()) },
  { name: 'float64', type: Type.float64(), values: numberArb },
  { name: 'string', type: Type.string(), values: anyString },
  { name: 'binary', type: Type.binary(), values: binaryArb },
  { name: 'array<bool>', type: Type.boolArray(), values: fc.array(fc.boolean()).map((a) => new BoolArray(a)) },
  { name: 'array<int8>', type: Type.int8Array(), values: fc.int8Array() },
  { name: 'array<int16>', type: Type.int16Array(), values: fc.int16Array() },
  { name: 'array<int32>', type: Type.int32Array(), values: fc.int32Array() },
  { name: 'array<int64>', type: Type.int64Array(), values: fc.bigInt64Array() },
  { name: 'array<uint8>', type: Type.uint8Array(), values: fc.uint8ClampedArray() },
  { name: 'array<uint16>', type: Type.uint16Array(), values: fc.uint16Array() },
  { name: 'array<uint32>', type: Type.uint32Array(), values: fc.uint32Array() },
  { name: 'array<uint64>', type: Type.uint64Array(), values: fc.bigUint64Array() },
  { name: 'array<float16>', type: Type.float16Array(), values: fc.array(fc.integer({ min: 0, max: 0xffff })).map((b) => new Float16Array(Uint16Array.from(b))) },
  { name: 'array<bfloat16>', type: Type.bfloat16Array(), values: fc.array(fc.integer({ min: 0, max: 0xffff })).map((b) => new BFloat16Array(Uint16Array.from(b))) },
  { name: 'array<float32>', type: Type.float32Array(), values: fc.float32Array() },
  { name: 'array<float64>', type: Type.float64Array(), values: fc.float64Array() },
  { name: 'timestamp', type: Type.timestamp(), values: fc.oneof(dateArb, timestampArb) },
  { name: 'date', type: Type.date(), values: localDateArb },
  { name: 'duration', type: Type.duration(), values: durationArb },
  { name: 'decimal', type: Type.decimal(), values: decimalArb },
  { name: 'none', type: Type.none(), values: fc.constant(null) },
];

const uniqueBy = <T, K>(arb: fc.Arbitrary<T>, key: (t: T) => K, maxLength = 8) => fc.uniqueArray(arb, { selector: key, maxLength });

const collectionCases: TypedCase[] = [
  { name: 'list<int32> with nulls', type: Type.list(Type.int32()), values: fc.array(fc.option(int32Value, { nil: null })) },
  { name: 'list<string>', type: Type.list(Type.string()), values: fc.array(anyString, { maxLength: 8 }) },
  { name: 'list<int64 tagged>', type: Type.list(Type.int64({ encoding: 'tagged' })), values: fc.array(int64Typed, { maxLength: 8 }) },
  { name: 'list<list<uint64 fixed>>', type: Type.list(Type.list(Type.uint64({ encoding: 'fixed' }))), values: fc.array(fc.array(uint64Typed, { maxLength: 4 }), { maxLength: 4 }) },
  { name: 'list<float16>', type: Type.list(Type.float16()), values: fc.array(float16Value, { maxLength: 8 }) },
  { name: 'list<binary>', type: Type.list(Type.binary()), values: fc.array(fc.option(binaryArb, { nil: null }), { maxLength: 6 }) },
  { name: 'list<decimal>', type: Type.list(Type.decimal()), values: fc.array(decimalArb, { maxLength: 4 }) },
  { name: 'list<timestamp>', type: Type.list(Type.timestamp()), values: fc.array(fc.oneof(dateArb, timestampArb), { maxLength: 4 }) },
  { name: 'list<any>', type: Type.list(Type.any()), values: fc.array(xlangValue, { maxLength: 4 }) },
  { name: 'set<int64>', type: Type.set(Type.int64()), values: uniqueBy(int64Big, (b) => b).map((a) => new Set(a)) },
  { name: 'set<string>', type: Type.set(Type.string()), values: uniqueBy(anyString, (s) => s).map((a) => new Set(a)) },
  {
    name: 'map<string, float64>',
    type: Type.map(Type.string(), Type.float64()),
    values: uniqueBy(fc.tuple(anyString, numberArb), (e) => e[0]).map((e) => new Map(e)),
  },
  {
    name: 'map<int32 fixed, list<bool>>',
    type: Type.map(Type.int32({ encoding: 'fixed' }), Type.list(Type.bool())),
    values: uniqueBy(fc.tuple(int32Value, fc.array(fc.boolean(), { maxLength: 4 })), (e) => e[0]).map((e) => new Map(e)),
  },
  {
    name: 'map<string, int8> with null values',
    type: Type.map(Type.string(), Type.int8()),
    values: uniqueBy(fc.tuple(fc.string({ maxLength: 5 }), fc.option(fc.integer({ min: -128, max: 127 }), { nil: null })), (e) => e[0]).map((e) => new Map(e)),
  },
  {
    name: 'list<map<uint16, date>>',
    type: Type.list(Type.map(Type.uint16(), Type.date())),
    values: fc.array(uniqueBy(fc.tuple(fc.integer({ min: 0, max: 65535 }), localDateArb), (e) => e[0], 4).map((e) => new Map(e)), { maxLength: 4 }),
  },
  {
    name: 'map<string, any>',
    type: Type.map(Type.string(), Type.any()),
    values: uniqueBy(fc.tuple(fc.string({ maxLength: 5 }), xlangValue), (e) => e[0], 4).map((e) => new Map(e)),
  },
];

describe('typed round trips: deserialize(serialize(v, T)) equals v', () => {
  const fory = new Fory();
  const tracked = new Fory({ ref: true });

  for (const { name, type, values } of [...scalarCases, ...collectionCases]) {
    it(name, () => {
      fc.assert(
        fc.property(values, (v) => {
          expectDeepEqual(fory.deserialize(fory.serialize(v, type)), expected(v));
          expectDeepEqual(tracked.deserialize(tracked.serialize(v, type)), expected(v));
        }),
        params(),
      );
    });
  }

  it('map<int32, string> with more than 255 entries (several chunks, null values splitting them)', () => {
    const T = Type.map(Type.int32(), Type.string());
    fc.assert(
      fc.property(
        fc.integer({ min: 256, max: 700 }),
        fc.integer(),
        fc.array(fc.option(fc.string({ maxLength: 3 }), { nil: null, freq: 20 }), { minLength: 1, maxLength: 8 }),
        (n, offset, pool) => {
          // Distinct int32 keys: i * 7919 differ by less than 2^32, so they stay distinct after wrapping.
          const m = new Map(Array.from({ length: n }, (_, i) => [(i * 7919 + offset) | 0, pool[i % pool.length]!] as const));
          expectDeepEqual(fory.deserialize(fory.serialize(m, T)), m);
        },
      ),
      params(20),
    );
  });

  it('every float16 and bfloat16 bit pattern round-trips (exhaustive)', () => {
    for (let bits = 0; bits <= 0xffff; bits++) {
      const h = new Float16Array(Uint16Array.of(bits)).get(0);
      const b = new BFloat16Array(Uint16Array.of(bits)).get(0);
      const h2 = fory.deserialize(fory.serialize(h, Type.float16()));
      const b2 = fory.deserialize(fory.serialize(b, Type.bfloat16()));
      if (!Object.is(h2, h)) throw new Error(`float16 bits 0x${bits.toString(16)}: ${h} read back as ${String(h2)}`);
      if (!Object.is(b2, b)) throw new Error(`bfloat16 bits 0x${bits.toString(16)}: ${b} read back as ${String(b2)}`);
    }
  });

  it("int64: 'bigint' reads every integer type and encoding as a bigint", () => {
    const bigintFory = new Fory({ int64: 'bigint' });
    const specs = [Type.int64(), Type.int64({ encoding: 'fixed' }), Type.int64({ encoding: 'tagged' })];
    const uspecs = [Type.uint64(), Type.uint64({ encoding: 'fixed' }), Type.uint64({ encoding: 'tagged' })];
    fc.assert(
      fc.property(int64Big, uint64Big, (s, u) => {
        for (const T of specs) expect(bigintFory.deserialize(bigintFory.serialize(s, T))).toBe(s);
        for (const T of uspecs) expect(bigintFory.deserialize(bigintFory.serialize(u, T))).toBe(u);
      }),
      params(),
    );
  });

  it('int64 in every encoding: -2^53 and 2^53 read back as bigints, ±(2^53 - 1) as numbers', () => {
    // Documented: 64-bit integers are returned as a number only when safe, otherwise a bigint.
    // -2^53 is the edge case for fixed int64: lo = 0, hi = -0x200000 (01 ff 06 00 00 00 00 00 00 e0 ff).
    for (const T of [Type.int64({ encoding: 'fixed' }), Type.int64({ encoding: 'tagged' }), Type.int64()]) {
      for (const v of [NEG_2_53, -NEG_2_53]) {
        const out = fory.deserialize(fory.serialize(v, T));
        expect({ encoding: T.typeId, type: typeof out, value: String(out) }).toEqual({ encoding: T.typeId, type: 'bigint', value: String(v) });
      }
      for (const v of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
        expect(fory.deserialize(fory.serialize(v, T))).toBe(v);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing: malformed input only ever raises a ForyError, quickly.
// ---------------------------------------------------------------------------------------------

const FUZZ_LIMITS: Partial<ForyLimits> = {
  maxCollectionSize: 64,
  maxBinaryBytes: 256,
  maxStringBytes: 256,
  maxDecimalBytes: 64,
  maxDepth: 32,
  maxRefs: 256,
};

/** Every internal type id this codec reads, plus some it does not. */
const TYPE_IDS = [...Array.from({ length: 57 }, (_, i) => i), 57, 63, 64, 127, 200];

/**
 * deserialize must return or throw a ForyError (a hang ends in the test's timeout); it must not fall through to
 * the catch-all that wraps unexpected engine errors ("Failed to decode: …"), which would mean an
 * internal TypeError/RangeError escaped a serializer.
 */
function checkDecodeIsSafe(fory: Fory, bytes: Uint8Array): void {
  try {
    fory.deserialize(bytes);
  } catch (err) {
    if (!(err instanceof ForyError)) throw new Error(`non-ForyError for ${hex(bytes)}: ${String(err)}`);
    if (err.message.startsWith('Failed to decode')) throw new Error(`internal error escaped for ${hex(bytes)}: ${err.message}`);
  }
}

function concat(...parts: Array<ArrayLike<number>>): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

describe('fuzz: malformed input only ever raises a ForyError', () => {
  const limited = new Fory({ limits: FUZZ_LIMITS });
  const writer = new Fory();
  const trackedWriter = new Fory({ ref: true });

  it('random byte arrays (raw, and behind a valid header / ref flag / type id)', () => {
    const tail = fc.uint8Array({ maxLength: 48 });
    const payload = fc.oneof(
      tail,
      tail.map((t) => concat([0x01], t)),
      fc.tuple(fc.constantFrom(0xff, 0x00, 0xfe, 0xfd), tail).map(([flag, t]) => concat([0x01, flag], t)),
      fc.tuple(fc.constantFrom(0xff, 0x00), fc.constantFrom(...TYPE_IDS), tail).map(([flag, id, t]) => concat([0x01, flag, id], t)),
    );
    fc.assert(
      fc.property(payload, (bytes) => checkDecodeIsSafe(limited, bytes)),
      params(2000),
    );
  });

  it('single-byte mutations of valid payloads', () => {
    fc.assert(
      fc.property(xlangValue, fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), (v, ref, at, byte) => {
        const bytes = (ref ? trackedWriter : writer).serialize(v);
        const mutated = bytes.slice();
        mutated[at % mutated.length] = byte;
        checkDecodeIsSafe(limited, mutated);
      }),
      params(1000),
    );
  });

  it('byte insertions and deletions in valid payloads', () => {
    fc.assert(
      fc.property(xlangValue, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (v, at, byte, insert) => {
        const bytes = writer.serialize(v);
        const i = at % bytes.length;
        const edited = insert ? concat(bytes.subarray(0, i), [byte], bytes.subarray(i)) : concat(bytes.subarray(0, i), bytes.subarray(i + 1));
        checkDecodeIsSafe(limited, edited);
      }),
      params(500),
    );
  });

  it('every proper prefix of a valid payload is rejected with a ForyError (never decodes)', () => {
    // A prefix cannot decode: the reader is deterministic, so a successful decode of a prefix would
    // make the full payload fail with trailing bytes.
    fc.assert(
      fc.property(xlangValue, fc.boolean(), (v, ref) => {
        const bytes = (ref ? trackedWriter : writer).serialize(v);
        for (let len = 0; len < bytes.length; len++) {
          const prefix = bytes.slice(0, len);
          let threw: unknown;
          try {
            writer.deserialize(prefix);
          } catch (err) {
            threw = err;
          }
          if (!(threw instanceof ForyError)) throw new Error(`prefix of ${len}/${bytes.length} bytes did not throw a ForyError: ${hex(prefix)}`);
          if (threw.message.startsWith('Failed to decode')) throw new Error(`internal error escaped for prefix ${hex(prefix)}: ${threw.message}`);
        }
      }),
      params(200),
    );
  });
});
