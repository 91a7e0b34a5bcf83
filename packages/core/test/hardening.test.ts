/**
 * Hostile input beyond single malformed values (docs/security.md): payload-wide limits,
 * decompression-bomb shapes, prototype pollution through names, code injection through remote
 * TypeDef names, and types that must never be instantiated.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, Fory, ForyError, LimitExceededError, Timestamp, Type, UnknownTypeError, typed, type BufferObject } from '../src/index.js';
import { h } from './helpers.js';

const MiB = 1024 * 1024;

/** Hex of an unsigned LEB128 varint. */
function varuint(n: number): string {
  const out: string[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push(((v & 0x7f) | 0x80).toString(16).padStart(2, '0'));
    v = Math.floor(v / 128);
  }
  out.push(v.toString(16).padStart(2, '0'));
  return out.join('');
}

function thrown(fn: () => unknown): ForyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ForyError) return e;
    throw new Error(`expected a ForyError, got ${String(e)}`);
  }
  throw new Error('expected a ForyError, but the call returned');
}

function limitError(fn: () => unknown, limit: string): LimitExceededError {
  const err = thrown(fn);
  expect(err, err.message).toBeInstanceOf(LimitExceededError);
  expect((err as LimitExceededError).limit).toBe(limit);
  return err as LimitExceededError;
}

describe('payload-wide limits', () => {
  it('maxPayloadBytes rejects a longer payload before reading anything, and accepts one at the limit', () => {
    const bytes = new Fory().serialize('x'.repeat(20));
    const err = limitError(() => new Fory({ limits: { maxPayloadBytes: bytes.length - 1 } }).deserialize(bytes), 'maxPayloadBytes');
    expect(err.offset).toBe(0);
    expect(err.value).toBe(bytes.length);
    expect(new Fory({ limits: { maxPayloadBytes: bytes.length } }).deserialize(bytes)).toBe('x'.repeat(20));
  });

  it('maxOutOfBandBuffers bounds the buffers supplied with a payload', () => {
    const fory = new Fory();
    const objects: BufferObject[] = [];
    const payload = fory.serialize([new Uint8Array(4), new Uint8Array(5), new Uint8Array(6)], {
      bufferCallback: (o) => (objects.push(o), false),
    });
    const buffers = objects.map((o) => o.toBuffer());
    const err = limitError(() => new Fory({ limits: { maxOutOfBandBuffers: 2 } }).deserialize(payload, { buffers }), 'maxOutOfBandBuffers');
    expect(err.value).toBe(3);
    expect(new Fory({ limits: { maxOutOfBandBuffers: 3 } }).deserialize<Uint8Array[]>(payload, { buffers }).map((b) => b.length)).toEqual([4, 5, 6]);
  });

  it('maxPayloadElements counts the elements of every collection of a payload together', () => {
    // outer 2 + inner 2 + inner 3 = 7 elements.
    const fory = new Fory({ limits: { maxPayloadElements: 7 } });
    expect(fory.deserialize(fory.serialize([[1, 2], [3, 4, 5]]))).toEqual([[1, 2], [3, 4, 5]]);
    const strict = new Fory({ limits: { maxPayloadElements: 6 } });
    const err = limitError(() => strict.deserialize(fory.serialize([[1, 2], [3, 4, 5]])), 'maxPayloadElements');
    expect(err.value).toBe(7);
    // Map entries count too.
    limitError(() => strict.deserialize(fory.serialize(new Map([[1, [1, 2, 3, 4]], [2, [5]]]))), 'maxPayloadElements');
  });

  it('rejects unknown limit names and invalid values when the Fory is created', () => {
    expect(() => new Fory({ limits: { maxDepthh: 3 } as never })).toThrow(/Unknown limit limits\.maxDepthh/);
    expect(() => new Fory({ limits: { maxPayloadElements: -1 } })).toThrow(/non-negative safe integer/);
  });

  it('documents every default in DEFAULT_LIMITS (frozen)', () => {
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(Object.keys(DEFAULT_LIMITS).sort()).toEqual(
      [
        'maxBinaryBytes',
        'maxCollectionSize',
        'maxDecimalBytes',
        'maxDepth',
        'maxMetaStrings',
        'maxOutOfBandBuffers',
        'maxPayloadBytes',
        'maxPayloadElements',
        'maxRefs',
        'maxStringBytes',
        'maxTypeDefBytes',
        'maxTypeDefFields',
        'maxTypeDefs',
      ].sort(),
    );
  });
});

describe('decompression bombs', () => {
  /** The payload of a same-type list of `n` NONE elements: zero bytes per element. */
  const noneList = (n: number) => `${varuint(n)} 08 24`;

  it('zero-width elements: each list is bounded by the bytes left, the payload by maxPayloadElements', () => {
    // An outer list of 255 lists of 100,000 NONE each, then 100,000 bytes of padding so each inner
    // list passes its own "one byte per element" check: 25.5 M element slots from 100 KB.
    const n = 100_000;
    const head = h(`01 ff 16 ${varuint(255)} 08 16 ${`${noneList(n)} `.repeat(255)}`);
    const bytes = new Uint8Array(head.length + n);
    bytes.set(head);
    const err = limitError(() => new Fory({ limits: { maxPayloadElements: 1_000_000 } }).deserialize(bytes), 'maxPayloadElements');
    // Rejected at the 10th inner list (255 + 10 × 100,000 > 1,000,000), before allocating it.
    expect(err.value).toBe(255 + 10 * n);
    const innerSize = h(noneList(n)).length;
    expect(err.offset).toBe(7 + 9 * innerSize); // 01 ff 16 | 255 (2 bytes) | 08 16 | nine inner lists
    // Without the padding, the first inner list is already rejected against the bytes left.
    expect(thrown(() => new Fory().deserialize(head)).message).toMatch(/declares 100000 elements but only \d+ bytes remain/);
  });

  it('zero-width map entries (NONE → NONE chunks) count against maxPayloadElements too', () => {
    const n = 100_000;
    let body = '';
    for (let left = n; left > 0; left -= 255) body += `00 ${Math.min(255, left).toString(16).padStart(2, '0')} 24 24 `;
    const head = h(`01 ff 18 ${varuint(n)} ${body}`);
    const bytes = new Uint8Array(head.length + n);
    bytes.set(head);
    const err = limitError(() => new Fory({ limits: { maxPayloadElements: n - 1 } }).deserialize(bytes), 'maxPayloadElements');
    expect(err.offset).toBe(3);
  });

  it('many references to one large value decode as one shared value, not copies', () => {
    // [REF_VALUE "xxx…" (1 MiB latin1), REF 0, REF 0, …] — 2 bytes per further element.
    const n = 200_000;
    const big = 'x'.repeat(MiB);
    const strHeader = varuint(big.length * 4); // latin1
    const head = h(`01 ff 16 ${varuint(n)} 01 00 15 ${strHeader}`);
    const bytes = new Uint8Array(head.length + big.length + 2 * (n - 1));
    bytes.set(head);
    bytes.fill(0x78, head.length, head.length + big.length);
    for (let i = head.length + big.length; i < bytes.length; i += 2) bytes[i] = 0xfe; // REF, id 0 follows
    const before = process.memoryUsage().heapUsed;
    const out = new Fory().deserialize<string[]>(bytes);
    const growth = process.memoryUsage().heapUsed - before;
    expect(out).toHaveLength(n);
    expect(out[0]).toBe(big);
    expect(out.every((s) => s === out[0])).toBe(true);
    // One string (1 MiB) plus n pointers: far below n copies (200 GiB); bound: 10 × the input.
    expect(growth).toBeLessThan(10 * bytes.length);
  });

  it('"billion laughs": 40 levels of pairs referencing the level below decode as a 40-node graph', () => {
    // level k = [ref level k-1, ref level k-1]; logically 2^40 leaves.
    const fory = new Fory({ ref: true });
    let level: unknown[] = ['lol'];
    for (let k = 0; k < 40; k++) level = [level, level];
    const bytes = fory.serialize(level);
    expect(bytes.length).toBeLessThan(40 * 8);
    const out = fory.deserialize<unknown[]>(bytes);
    let node = out;
    for (let k = 0; k < 40; k++) {
      expect(node[0]).toBe(node[1]);
      node = node[0] as unknown[];
    }
    expect(node).toEqual(['lol']);
  });

  it('a declared 4 GiB string, binary, list or map in a 10-byte payload is rejected before allocation', () => {
    const huge = varuint(2 ** 32 - 1);
    for (const [what, hex] of [
      ['binary', `01 ff 29 ${huge}`],
      ['list', `01 ff 16 ${huge} 08 07`],
      ['map', `01 ff 18 ${huge} 00 01 07 07`],
      ['string', `01 ff 15 ${varuint(2 ** 34)}`],
    ] as const) {
      const err = thrown(() => new Fory().deserialize(h(hex)));
      expect(err.code, what).toBe('LIMIT_EXCEEDED');
    }
  });
});

describe('decoded values can be printed', () => {
  it('a timestamp beyond the Date range decodes as a Timestamp whose toString does not throw (found by fuzzing the inspector)', () => {
    // 01 ff 26 TIMESTAMP | int64 seconds (far before year -270000) | uint32 nanos
    const bytes = h('01 ff 26 0000f3038089 7afd 00000000');
    const t = new Fory().deserialize<Timestamp>(bytes);
    expect(t).toBeInstanceOf(Timestamp);
    expect(String(t)).toBe(`Timestamp(seconds=${t.seconds}, nanos=0)`);
    expect(String(new Timestamp(0n, 5))).toBe('1970-01-01T00:00:00.000000005Z');
  });
});

describe('maps decoded as objects that turn into Maps', () => {
  it('a ref-tracked one keeps its identity: back references resolve to the Map it became', () => {
    const fory = new Fory({ ref: true, maps: 'object' });
    const m = new Map<unknown, unknown>([['a', 1], [2, 'b']]);
    const out = fory.deserialize<unknown[]>(fory.serialize([m, m, { inner: m }]));
    expect(out[0]).toBeInstanceOf(Map);
    expect(out[1]).toBe(out[0]);
    expect((out[2] as { inner: unknown }).inner).toBe(out[0]);
    expect([...(out[0] as Map<unknown, unknown>)]).toEqual([['a', 1], [2, 'b']]);
  });

  it('an untracked one among many references does not disturb them', () => {
    const fory = new Fory({ ref: true, maps: 'object' });
    const shared = { s: 1 };
    const maps = Array.from({ length: 50 }, (_, i) => new Map<unknown, unknown>([['k', i], [i, 'v']]));
    const out = fory.deserialize<unknown[]>(fory.serialize([shared, ...maps, shared]));
    expect(out[out.length - 1]).toBe(out[0]);
    expect(out.slice(1, -1).every((m, i) => m instanceof Map && m.get('k') === i)).toBe(true);
  });
});

describe('nesting through every kind of container', () => {
  it('unions holding unions count towards maxDepth', () => {
    const U = Type.union({ id: 7 }, { 0: Type.any(), 1: Type.string() });
    const deep = new Fory({ limits: { maxDepth: 1000 } }).register(U);
    let v: unknown = { case: 1, value: 'leaf' };
    for (let i = 0; i < 300; i++) v = { case: 0, value: typedUnion(U, v) };
    const bytes = deep.serialize(v as never, U);
    expect(() => deep.deserialize(bytes)).not.toThrow();
    limitError(() => new Fory().register(U).deserialize(bytes), 'maxDepth');
  });

  it('ext values reading nested values count towards maxDepth', () => {
    const Box = Type.ext<{ inner: unknown }>({ id: 9 }, {
      write: (w, v) => w.writeValue(v.inner),
      read: (r) => ({ inner: r.readValue() }),
    });
    const deep = new Fory({ limits: { maxDepth: 1000 } }).register(Box);
    let v: unknown = 'leaf';
    for (let i = 0; i < 300; i++) v = typedBox(Box, v);
    const bytes = deep.serialize(v);
    expect(() => deep.deserialize(bytes)).not.toThrow();
    limitError(() => new Fory().register(Box).deserialize(bytes), 'maxDepth');
  });
});

// `typed` wrappers so nested union/ext values are written with their declared type.
function typedUnion(U: Parameters<typeof typed>[0], v: unknown) {
  return typed(U, v as never);
}
function typedBox(Box: Parameters<typeof typed>[0], inner: unknown) {
  return typed(Box, { inner } as never);
}

describe('hostile names', () => {
  const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];

  it("maps decoded as objects (maps: 'object') keep hostile keys as own data properties; nothing is polluted", () => {
    const writer = new Fory();
    const reader = new Fory({ maps: 'object' });
    const entries = HOSTILE.map((k) => [k, new Map([['polluted', true]])] as const);
    const out = reader.deserialize<Record<string, unknown>>(writer.serialize(new Map(entries)));
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    for (const k of HOSTILE) {
      expect(Object.getOwnPropertyDescriptor(out, k)?.value, k).toEqual({ polluted: true });
    }
    expect(Object.keys(out)).toEqual(HOSTILE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof ({}).toString).toBe('function');
    // Nested: the inner objects are plain too, and their prototype is Object.prototype.
    expect(Object.getPrototypeOf(out['__proto__'])).toBe(Object.prototype);
  });

  it('structs with hostile field names decode them as own properties, on the generated and the interpreted path', () => {
    const fields = Object.fromEntries(HOSTILE.map((k) => [k, Type.nullable(Type.string())]));
    for (const codegen of [true, false]) {
      const S = Type.struct({ typeName: 'h.Hostile' }, fields);
      const fory = new Fory({ codegen }).register(S);
      const value = Object.fromEntries(HOSTILE.map((k) => [k, `v-${k}`]));
      const out = fory.deserialize<Record<string, unknown>>(fory.serialize(value, S));
      for (const k of HOSTILE) expect(Object.getOwnPropertyDescriptor(out, k)?.value, k).toBe(`v-${k}`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(typeof ({}).toString).toBe('function');
    }
  });

  it('remote TypeDef field names are data: injection strings never become code', () => {
    const injections = [
      'a"]; globalThis.__ferryPwned = 1; //',
      "b'); globalThis.__ferryPwned = 2; ('",
      'c`; globalThis.__ferryPwned = 3; `',
      'd\n}; globalThis.__ferryPwned = 4; {',
      '__proto__',
      'constructor',
    ];
    const remote = Type.struct({ typeName: 'h.Evolving' }, {
      name: Type.string(),
      ...Object.fromEntries(injections.map((k) => [k, Type.string()])),
    });
    const local = Type.struct({ typeName: 'h.Evolving' }, { name: Type.string(), age: Type.int32() });
    const bytes = new Fory().register(remote).serialize({ name: 'x', ...Object.fromEntries(injections.map((k) => [k, 'payload'])) }, remote);
    for (const codegen of [true, false]) {
      const out = new Fory({ codegen }).register(local).deserialize<Record<string, unknown>>(bytes);
      expect({ ...out }).toEqual({ name: 'x', age: 0 }); // unknown remote fields dropped, missing local one defaulted
      expect((globalThis as Record<string, unknown>).__ferryPwned).toBeUndefined();
    }
  });

  it('unregistered types are never instantiated; a payload naming one is rejected with its (clipped) name', () => {
    let constructed = 0;
    class Person {
      name = '';
      constructor() {
        constructed++;
      }
    }
    const PersonSpec = Type.struct({ id: 1 }, { name: Type.string() }, { class: Person });
    const Other = Type.struct({ id: 2 }, { name: Type.string() });
    const reader = new Fory().register(PersonSpec);
    const err = thrown(() => reader.deserialize(new Fory().register(Other).serialize({ name: 'x' }, Other)));
    expect(err).toBeInstanceOf(UnknownTypeError);
    expect(err.code).toBe('TYPE_NOT_REGISTERED');
    expect(constructed).toBe(0);

    const longName = 'n'.repeat(100_000);
    const Named = Type.struct({ namespace: 'evil', typeName: longName }, { name: Type.string() });
    const named = thrown(() => reader.deserialize(new Fory().register(Named).serialize({ name: 'x' }, Named)));
    expect(named.code).toBe('TYPE_NOT_REGISTERED');
    expect(named.message.length).toBeLessThan(400);
    expect(named.message).toContain('(100005 characters)');
    expect(constructed).toBe(0);
    // The registered type still decodes (and is the only one constructed).
    reader.deserialize(reader.serialize(Object.assign(new Person(), { name: 'ok' }), PersonSpec));
    expect(constructed).toBe(2);
  });

  it('a namespace/name split cannot reach a type registered under another split', () => {
    const A = Type.struct({ namespace: 'a', typeName: 'b\u0000c' }, { x: Type.int32() });
    const B = Type.struct({ namespace: 'a\u0000b', typeName: 'c' }, { x: Type.int32() });
    const reader = new Fory().register(A);
    const err = thrown(() => reader.deserialize(new Fory().register(B).serialize({ x: 1 }, B)));
    expect(err.code).toBe('TYPE_NOT_REGISTERED');
  });
});

describe('remote TypeDef cache', () => {
  it('serves a cached reader only for identical TypeDef bytes: a forged body under a cached header is checked, not trusted', () => {
    const A = Type.struct({ typeName: 'h.A' }, { x: Type.int32(), name: Type.string() });
    const writer = new Fory().register(A);
    const reader = new Fory().register(A);
    const bytes = writer.serialize({ x: 1, name: 'n' }, A);
    expect({ ...reader.deserialize<object>(bytes) }).toEqual({ x: 1, name: 'n' }); // cached now
    // 01 | ff | 1e NAMED_COMPATIBLE_STRUCT | 00 new TypeDef #0 | 8-byte header (low byte: body size) | body
    const bodyStart = 4 + 8;
    const bodySize = bytes[4]!;
    const forged = bytes.slice();
    forged[bodyStart + bodySize - 1]! ^= 0x01; // a field name byte; the header stays
    const err = thrown(() => reader.deserialize(forged));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toMatch(/Invalid TypeDef metadata hash/);
    expect(err.offset).toBe(4);
    // The genuine payload still decodes from the cache.
    expect({ ...reader.deserialize<object>(bytes) }).toEqual({ x: 1, name: 'n' });
  });

  it('a stream of distinct TypeDefs of one registered struct cannot grow the cache without bound', () => {
    const local = Type.struct({ typeName: 'h.Wide' }, { f0: Type.int32() });
    const reader = new Fory().register(local);
    const fieldsPerDef = 3000;
    for (let v = 0; v < 24; v++) {
      const fields = Object.fromEntries(Array.from({ length: fieldsPerDef }, (_, i) => [`g${v}_${i}`, Type.bool()]));
      const remote = Type.struct({ typeName: 'h.Wide' }, { f0: Type.int32(), ...fields });
      const value = { f0: v, ...Object.fromEntries(Object.keys(fields).map((k) => [k, true])) };
      expect((reader.deserialize(new Fory().register(remote).serialize(value, remote)) as { f0: number }).f0).toBe(v);
    }
    const resolver = (reader as unknown as { resolver: { typeDefReaders: Map<bigint, unknown> } }).resolver;
    // 65,536 cached fields at most: 21 TypeDefs of 3001 fields.
    expect(resolver.typeDefReaders.size).toBe(Math.floor(65_536 / (fieldsPerDef + 1)));
  });
});
