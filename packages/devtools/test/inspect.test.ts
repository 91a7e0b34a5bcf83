/**
 * The inspector on payloads written by Ferry (@ferry/core): node facts for every built-in type,
 * user types in both modes, references, out-of-band buffers, header errors, malformed input (a
 * fast-check property with a fixed seed: never throws, ranges nest) and a large payload.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BFloat16Array,
  BoolArray,
  Decimal,
  Duration,
  Float16Array,
  Fory,
  LocalDate,
  Timestamp,
  Type,
  TypeId,
  outOfBandAbove,
  typed,
  type BufferObject,
  type TypeSpec,
} from '@ferry/core';
import { inspect, type InspectNode } from '../src/index.js';
import { findByPath, treeProblem, walk } from './helpers.js';

const fory = new Fory();

function root(bytes: Uint8Array, options?: Parameters<typeof inspect>[1]): InspectNode {
  const r = inspect(bytes, options);
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  expect(treeProblem(r)).toBeNull();
  expect(r.root!.end).toBe(bytes.length);
  return r.root!;
}

describe('built-in types at the root', () => {
  const cases: Array<[string, unknown, TypeSpec | undefined, Partial<InspectNode>, number]> = [
    // name, value, type, expected node facts, payload byte length after flag + type id
    ['bool', true, undefined, { kind: 'scalar', type: 'bool', value: true, preview: 'true' }, 1],
    ['int8', -5, Type.int8(), { type: 'int8', value: -5 }, 1],
    ['int16', 300, Type.int16(), { type: 'int16', value: 300 }, 2],
    ['fixed int32', -7, Type.int32({ encoding: 'fixed' }), { type: 'fixed int32', value: -7 }, 4],
    ['varint32', 64, Type.int32(), { type: 'int32', value: 64 }, 2],
    ['varint64 beyond 2^53', 2n ** 60n, Type.int64(), { type: 'int64', value: String(2n ** 60n), preview: String(2n ** 60n) }, 9],
    ['tagged int64', 5, Type.int64({ encoding: 'tagged' }), { type: 'tagged int64', value: 5 }, 4],
    ['uint64 max', 2n ** 64n - 1n, Type.uint64({ encoding: 'fixed' }), { type: 'fixed uint64', value: '18446744073709551615' }, 8],
    ['float16', 1.5, Type.float16(), { type: 'float16', value: 1.5 }, 2],
    ['bfloat16', -2, Type.bfloat16(), { type: 'bfloat16', value: -2 }, 2],
    ['float32 NaN', NaN, Type.float32(), { type: 'float32', value: 'NaN', preview: 'NaN' }, 4],
    ['float64 -0', -0, undefined, { type: 'float64', value: -0, preview: '-0' }, 8],
    ['string latin1', 'héllo', undefined, { type: 'string', value: 'héllo', stringEncoding: 'latin1', preview: '"héllo"' }, 6],
    ['string utf8', '中文', undefined, { type: 'string', value: '中文', stringEncoding: 'utf8' }, 7],
    ['binary', new Uint8Array([1, 2, 0xff]), undefined, { kind: 'binary', type: 'binary', size: 3, preview: '0102ff (3 bytes)' }, 4],
    ['int32 array', new Int32Array([1, -2, 3]), undefined, { kind: 'binary', type: 'array<int32>', size: 3, preview: '[1, -2, 3] (3)' }, 13],
    ['bool array', new BoolArray([true, false]), undefined, { type: 'array<bool>', preview: '[true, false] (2)' }, 3],
    ['float16 array', new Float16Array([1.5]), undefined, { type: 'array<float16>', preview: '[1.5] (1)' }, 3],
    ['bfloat16 array', new BFloat16Array([2]), undefined, { type: 'array<bfloat16>', size: 1 }, 3],
    ['int64 array', new BigInt64Array([-1n]), undefined, { type: 'array<int64>', preview: '[-1] (1)' }, 9],
    ['timestamp', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), undefined, { type: 'timestamp', value: '2024-01-02T03:04:05.006Z' }, 12],
    ['timestamp (ns)', new Timestamp(1n, 5), undefined, { type: 'timestamp', value: String(new Timestamp(1n, 5)) }, 12],
    ['date', new LocalDate(19000), undefined, { type: 'date', value: String(new LocalDate(19000)) }, 3],
    ['duration', new Duration(-2n, 500_000_000), undefined, { type: 'duration', value: String(new Duration(-2n, 500_000_000)) }, 5],
    ['decimal', new Decimal(-12345n, 2), undefined, { type: 'decimal', value: '-123.45' }, 4],
    ['decimal beyond 63 bits', new Decimal(2n ** 70n, 0), undefined, { type: 'decimal', value: String(2n ** 70n) }, 1 + 1 + 9],
  ];
  for (const [name, value, type, facts, payloadBytes] of cases) {
    it(name, () => {
      const bytes = type ? fory.serialize(value as never, type) : fory.serialize(value);
      const node = root(bytes);
      expect(node).toMatchObject({ refFlag: 'not-null', start: 1, ...facts });
      const typeIdBytes = 1;
      expect(node.end - node.start).toBe(1 + typeIdBytes + payloadBytes);
      expect(node.wireType?.name).toMatch(/^[A-Z0-9_]+$/);
    });
  }

  it('null and NONE', () => {
    const n = root(fory.serialize(null));
    expect(n).toMatchObject({ kind: 'null', refFlag: 'null', start: 1, end: 2, preview: 'null' });
    const none = root(new Fory({ undefined: 'preserve' }).serialize(undefined));
    expect(none).toMatchObject({ kind: 'null', type: 'none', wireType: { id: TypeId.NONE, name: 'NONE' } });
    expect(inspect(fory.serialize(null)).header).toMatchObject({ isNull: true, xlang: true, outOfBand: false, flags: 1 });
  });
});

describe('containers and user types written by Ferry', () => {
  it('lists: same-type header, element types and ranges; mixed lists', () => {
    const n = root(fory.serialize([1, 2, 300]));
    expect(n).toMatchObject({ kind: 'list', type: 'list<int64>', size: 3, note: 'elements header 0x08 (same type)' });
    const [a, b, c] = n.children!;
    expect([a!.start, a!.end, b!.end, c!.end]).toEqual([6, 7, 8, 10]);
    expect(c).toMatchObject({ label: '[2]', path: '$[2]', value: 300, wireType: { id: TypeId.VARINT64 } });
    const mixed = root(fory.serialize([1, 'a', null]));
    expect(mixed.note).toBe('elements header 0x02 (has null)');
    expect(mixed.children!.map((x) => [x.kind, x.type, x.refFlag])).toEqual([
      ['scalar', 'int64', 'not-null'],
      ['scalar', 'string', 'not-null'],
      ['null', 'null', 'null'],
    ]);
  });

  it('typed list/map fields of a struct: declared element types (no type meta on the wire)', () => {
    const Bag = Type.struct({ id: 9 }, { ints: Type.list(Type.int32()), scores: Type.map(Type.string(), Type.float32()) });
    for (const compatible of [true, false]) {
      const f = new Fory({ compatible }).register(Bag);
      const bytes = f.serialize({ ints: [1, 2], scores: new Map([['a', 0.5]]) }, Bag);
      const n = root(bytes, { schemas: [Bag] });
      const ints = findByPath({ root: n } as never, '$.ints')!;
      expect(ints).toMatchObject({ kind: 'list', declaredType: 'list<int32>', note: 'elements header 0x0c (declared element type, same type)' });
      expect(ints.children![0]).toMatchObject({ declaredType: 'int32', type: 'int32', value: 1 });
      expect(ints.children![0]!.wireType).toBeUndefined();
      const entry = findByPath({ root: n } as never, '$.scores[0]')!;
      expect(entry).toMatchObject({ kind: 'map-entry', label: '"a"', mapChunk: { index: 0, size: 1, header: 0x24 } });
      expect(entry.children![1]).toMatchObject({ declaredType: 'float32', value: 0.5 });
    }
  });

  it('structs by id and by name, compatible and schema-consistent, with and without schemas', () => {
    const Person = Type.struct({ typeName: 'ex.Person' }, { name: Type.string(), age: Type.int32(), friend: Type.nullable(Type.ref('ex.Person')) });
    for (const compatible of [true, false]) {
      const f = new Fory({ compatible }).register(Person);
      const bytes = f.serialize({ name: 'Ann', age: 30, friend: { name: 'Bo', age: 4, friend: null } }, Person);
      const bare = inspect(bytes);
      expect(bare.error).toBeUndefined();
      if (compatible) {
        expect(bare.root).toMatchObject({ kind: 'struct', type: 'ex.Person', wireType: { name: 'NAMED_COMPATIBLE_STRUCT', namespace: 'ex', typeName: 'Person', typeDef: 0 } });
        expect(bare.typeDefs[0]!.fields).toEqual([
          { name: 'age', type: 'int32', nullable: false, trackingRef: false, tagId: undefined },
          // Non-primitive fields follow, sorted by name (spec "Field order").
          { name: 'friend', type: 'struct', nullable: true, trackingRef: false, tagId: undefined },
          { name: 'name', type: 'string', nullable: false, trackingRef: false, tagId: undefined },
        ]);
        // The nested struct refers to the same TypeDef (marker with the reference bit).
        expect(findByPath(bare, '$.friend')).toMatchObject({ kind: 'struct', refFlag: 'not-null', wireType: { typeDef: 0 } });
        expect(bare.typeDefs).toHaveLength(1);
        expect(bare.header?.mode).toBe('compatible');
      } else {
        expect(bare.root).toMatchObject({ kind: 'opaque', wireType: { name: 'NAMED_STRUCT', namespace: 'ex', typeName: 'Person' } });
        expect(bare.undecoded).toMatchObject({ end: bytes.length });
        expect(bare.header?.mode).toBe('schema-consistent');
      }
      const full = root(bytes, { schemas: [Person] });
      expect(full.preview).toMatch(/^ex\.Person \{.*age: 30.*\}$/);
      expect(findByPath({ root: full } as never, '$.friend.name')!.value).toBe('Bo');
      expect(findByPath({ root: full } as never, '$.friend.friend')).toMatchObject({ kind: 'null', refFlag: 'null', declaredType: 'ex.Person' });
    }
  });

  it('shared and cyclic references (ref: true)', () => {
    const f = new Fory({ ref: true });
    const shared = [1];
    const cyclic: unknown[] = ['x'];
    cyclic.push(cyclic);
    const n = root(f.serialize([shared, shared, cyclic]));
    const [a, b, c] = n.children!;
    expect(a).toMatchObject({ refFlag: 'ref-value', refId: 1 });
    expect(b).toMatchObject({ kind: 'back-ref', refFlag: 'ref', refId: 1, refTarget: a!.id, type: a!.type, preview: `→ #${a!.id} $[0]` });
    expect(c!.children![1]).toMatchObject({ kind: 'back-ref', refTarget: c!.id });
  });

  it('enums, unions and ext types', () => {
    const Color = Type.enum({ id: 3 }, ['RED', 'GREEN']);
    const Shape = Type.union({ id: 4 }, { 0: Type.int32(), 1: Type.string() });
    const Pt = Type.ext({ typeName: 'ex.Pt' }, {
      write: (w, p: { x: number; y: number }) => {
        w.writeVarInt32(p.x);
        w.writeValue(p.y);
      },
      read: (r) => ({ x: r.readVarInt32(), y: r.readValue() as number }),
    });
    const Holder = Type.struct({ id: 5 }, { color: Color, shape: Shape, pt: Pt });
    for (const compatible of [true, false]) {
      const f = new Fory({ compatible }).register(Color, Shape, Pt, Holder);
      const bytes = f.serialize({ color: 'GREEN', shape: { case: 1, value: 'hi' }, pt: { x: 3, y: 4 } }, Holder);
      const n = root(bytes, { schemas: [Color, Shape, Pt, Holder] });
      const t = { root: n } as never;
      expect(findByPath(t, '$.color')).toMatchObject({ kind: 'enum', value: 1, preview: 'GREEN (1)' });
      expect(findByPath(t, '$.shape')).toMatchObject({ kind: 'union', value: 1, preview: 'case 1: "hi"' });
      const pt = findByPath(t, '$.pt')!;
      expect(pt).toMatchObject({ kind: 'ext', preview: 'ex.Pt {"x":3,"y":4}' });
      // The ext's nested value (writeValue) is a child node with its own flag and type.
      expect(pt.children![0]).toMatchObject({ kind: 'scalar', type: 'int64', value: 4, refFlag: 'not-null' });
    }
  });

  it('out-of-band buffers written by Ferry, resolved and not', () => {
    const buffers: BufferObject[] = [];
    const value = [new Uint8Array(100).fill(7), new Uint8Array([1]), new Float64Array([0.5, 1.5])];
    const bytes = fory.serialize(value, { bufferCallback: (b) => (buffers.push(b), outOfBandAbove(10)(b)) });
    const outOfBand = buffers.filter((b) => b.totalBytes > 10).map((b) => b.toBuffer());
    const resolved = root(bytes, { buffers: outOfBand });
    const [big, small, floats] = resolved.children!;
    expect(big).toMatchObject({ kind: 'buffer', buffer: { slot: 0, inBand: false, byteLength: 100, resolved: true }, size: 100 });
    expect(small).toMatchObject({ kind: 'binary', buffer: { slot: -1, inBand: true, byteLength: 1, resolved: true } });
    expect(floats).toMatchObject({ kind: 'buffer', type: 'array<float64>', buffer: { slot: 1, byteLength: 16 }, size: 2 });
    const bare = inspect(bytes);
    expect(bare.error).toBeUndefined();
    expect(bare.root!.children![0]!.buffer).toEqual({ slot: 0, inBand: false, resolved: false });
    const extra = inspect(bytes, { buffers: [...outOfBand, new Uint8Array(1)] });
    expect(extra.warnings).toEqual(['3 out-of-band buffer(s) were supplied but the payload uses 2']);
  });

  it("pyfory's layout (dense arrays in-band, no buffer-object flag) is recognized with bufferObjects: 'auto'", () => {
    const objects: BufferObject[] = [];
    // An empty array's length byte (0) reads like an out-of-band flag under the Java layout.
    const bytes = new Fory({ bufferObjects: 'binary' }).serialize([new Int32Array(0), new Int32Array([5]), new Uint8Array(32)], {
      bufferCallback: (b) => (objects.push(b), false),
    });
    const buffers = objects.map((b) => b.toBuffer());
    expect(buffers).toHaveLength(1);
    const r = inspect(bytes, { buffers });
    expect(r.error).toBeUndefined();
    expect(r.header?.bufferObjects).toBe('binary');
    expect(r.root!.children!.map((c) => [c.kind, c.size])).toEqual([['binary', 0], ['binary', 1], ['buffer', 32]]);
    expect(treeProblem(r)).toBeNull();
    // Forcing the Java layout misreads it: the empty array takes the buffer, the next length byte is no flag.
    expect(inspect(bytes, { buffers, bufferObjects: 'all' }).error?.message).toBe('Invalid buffer-object flag 4 for array<int32>');
  });
});

describe('malformed input', () => {
  it('header problems', () => {
    expect(inspect(new Uint8Array(0)).error).toMatchObject({ name: 'TruncatedError', offset: 0, code: 'TRUNCATED' });
    expect(inspect(Uint8Array.of(0x05, 0xff)).error).toMatchObject({ code: 'INVALID_HEADER', offset: 0, message: 'Invalid header 0x05: reserved bits 2-7 are set' });
    expect(inspect(Uint8Array.of(0x00)).error?.message).toMatch(/Not an xlang payload/);
  });

  it('errors name the offset and the path of the node being decoded', () => {
    const bytes = fory.serialize(['ok', 'a longer string']);
    const r = inspect(bytes.subarray(0, bytes.length - 2));
    expect(r.error).toMatchObject({ code: 'TRUNCATED', path: '$[1]', offset: 10 });
    // header, flag, LIST, length, elements header, STRING: the first string starts at 6.
    expect(r.root!.children![0]).toMatchObject({ value: 'ok', start: 6, end: 9 });
    expect(r.root!.children![1]!.note).toMatch(/incomplete/);
    // Unfinished nodes end where decoding failed.
    expect(r.root!.end).toBe(10);
    expect(r.root!.children![1]!.end).toBe(10);
    const trailing = inspect(Uint8Array.of(...fory.serialize(1), 0));
    expect(trailing.error).toMatchObject({ message: '1 trailing byte(s) after the root value', offset: 4 });
    expect(trailing.root).toMatchObject({ value: 1 });
    const badFlag = inspect(Uint8Array.of(0x01, 0x7f));
    expect(badFlag.error).toMatchObject({ message: 'Invalid reference flag 127', offset: 1 });
  });

  it('property: truncated and mutated payloads never throw, and ranges always nest', () => {
    const Person = Type.struct({ id: 7 }, { name: Type.string(), tags: Type.list(Type.string()), n: Type.nullable(Type.int64()) });
    const writers = [new Fory({ ref: true }).register(Person), new Fory({ compatible: false }).register(Person)];
    const leaf = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 8 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.record({ name: fc.string(), tags: fc.array(fc.string(), { maxLength: 3 }), n: fc.option(fc.integer()) }).map((p) => typed(Person, p)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.nat(1), fc.nat(), fc.nat(255), fc.boolean(), (v, w, at, byte, truncate) => {
        const bytes = writers[w]!.serialize(v);
        const clean = inspect(bytes, { schemas: [Person] });
        expect(clean.error, JSON.stringify(clean.error)).toBeUndefined();
        expect(treeProblem(clean)).toBeNull();
        const bad = bytes.slice();
        const i = at % bad.length;
        const broken = truncate ? bad.subarray(0, i) : ((bad[i] = byte), bad);
        const r = inspect(broken, { schemas: [Person] });
        expect(treeProblem(r)).toBeNull();
        if (r.error) {
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(broken.length);
          expect(r.error.message.length).toBeGreaterThan(0);
        }
        if (truncate) expect(r.error ?? r.undecoded).toBeDefined();
      }),
      { seed: 20261121, numRuns: 400 },
    );
  });
});

describe('arbitrary bytes', () => {
  it('property: random bodies after a valid header never throw; errors carry an offset inside the input', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x01, 0x03), fc.uint8Array({ maxLength: 200 }), (header, body) => {
        const bytes = Uint8Array.of(header, ...body);
        const r = inspect(bytes);
        expect(treeProblem(r)).toBeNull();
        if (r.error) expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
        else if (!r.undecoded) expect(r.root!.end).toBe(bytes.length);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('large payloads', () => {
  it('100k small structs: every node is there and ranges tile the list', () => {
    const Item = Type.struct({ id: 1 }, { id: Type.int32(), name: Type.string(), score: Type.float64() });
    const f = new Fory().register(Item);
    const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `item-${i}`, score: i / 4 }));
    const bytes = f.serialize(items, Type.list(Item));
    const r = inspect(bytes);
    expect(r.error).toBeUndefined();
    expect(r.nodeCount).toBe(1 + 100_000 * 4);
    const list = r.root!;
    expect(list.size).toBe(100_000);
    const last = list.children![99_999]!;
    expect(last.end).toBe(bytes.length);
    expect(findByPath(r, '$[99999].name')!.value).toBe('item-99999');
    let prev = list.children![0]!.start;
    for (const c of list.children!) {
      expect(c.start).toBe(prev);
      prev = c.end;
    }
    let count = 0;
    for (const n of walk(r.root)) if (n.kind === 'struct') count++;
    expect(count).toBe(100_000);
  });
});
