/**
 * The transformer on its own, through the same JSON round trip tRPC's HTTP links apply
 * (serialize → JSON.stringify → JSON.parse → deserialize).
 */
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { Fory, Type, decodeFrames, type Infer } from '@ferry/core';
import { ENVELOPE_KEY, FerryPayload, ferryTransformer, withSchema, type FerryTransformer } from '../src/index.js';
import { fromBase64Url } from '../src/base64.js';
import { Person, type Person as PersonT, cyclicPayload, expectSamePayload, largeArrays, makeTransformer, superjsonPayload } from './fixtures.js';

/** What an HTTP link does to a transformed value. */
function overJson(t: FerryTransformer, value: unknown, side: 'input' | 'output' = 'output'): unknown {
  const wire = JSON.stringify({ v: t[side].serialize(value) });
  return t[side].deserialize((JSON.parse(wire) as { v: unknown }).v);
}

describe('ferryTransformer: values', () => {
  const t = makeTransformer();

  it('round-trips every superjson type through JSON, as input and as output', () => {
    const original = superjsonPayload();
    expectSamePayload(overJson(t, original, 'output') as typeof original, original);
    expectSamePayload(overJson(t, original, 'input') as typeof original, superjsonPayload());
  });

  it('emits a one-property JSON envelope with base64url text', () => {
    const json = JSON.parse(JSON.stringify(t.output.serialize({ a: 1 }))) as Record<string, unknown>;
    expect(Object.keys(json)).toStrictEqual([ENVELOPE_KEY]);
    expect(json[ENVELOPE_KEY]).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('keeps top-level special values', () => {
    for (const v of [null, 0, -0, NaN, 'x', true, 5n, -(2n ** 100n), new Date(7), new Map([[1, 2]]), new Set([1]), [undefined], /x/y]) {
      const back = overJson(t, v);
      expect(back).toStrictEqual(v);
    }
    expect(Object.is(overJson(t, -0), -0)).toBe(true);
    // undefined is tRPC's "no input / no data": no envelope at all, and back to undefined.
    expect(t.input.serialize(undefined)).toBeUndefined();
    expect(t.input.deserialize(undefined)).toBeUndefined();
    expect(t.output.deserialize(undefined)).toBeUndefined();
  });

  it('keeps undefined apart from null inside objects, arrays, maps and sets', () => {
    const v = { a: undefined, b: null, list: [undefined, null], m: new Map<unknown, unknown>([['u', undefined], ['n', null]]), s: new Set([undefined, null]) };
    const back = overJson(t, v) as typeof v;
    expect(back).toStrictEqual(v);
    expect(Object.keys(back)).toStrictEqual(['a', 'b', 'list', 'm', 's']);
    expect(back.m.has('u') && back.m.get('u') === undefined).toBe(true);
  });

  it('gives plain objects back as plain objects and Maps as Maps, in order', () => {
    const m = new Map<unknown, unknown>([['z', 1], ['10', 2], ['a', 3], [{ key: 'object' }, 4]]);
    const back = overJson(t, { o: { z: 1, 10: 2, a: 3 }, m, nullProto: Object.assign(Object.create(null), { x: 1 }) }) as {
      o: Record<string, number>;
      m: Map<unknown, unknown>;
      nullProto: object;
    };
    expect(Object.getPrototypeOf(back.o)).toBe(Object.prototype);
    expect(back.o).toStrictEqual({ z: 1, 10: 2, a: 3 });
    expect(back.m).toBeInstanceOf(Map);
    expect([...back.m.keys()]).toStrictEqual(['z', '10', 'a', { key: 'object' }]);
    expect(back.nullProto).toEqual({ x: 1 });
  });

  it('treats a "__proto__" key as data, never as a prototype', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const back = overJson(t, v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(back.ok).toBe(1);
  });

  it('keeps bigints as bigints (numbers stay numbers) across the whole int64 range and beyond', () => {
    const v = [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n, -(2n ** 64n) - 1n, 10n ** 40n, 1, 2 ** 53, -(2 ** 53)];
    const back = overJson(t, v) as unknown[];
    expect(back).toStrictEqual(v);
    expect(back.map((x) => typeof x)).toStrictEqual(v.map((x) => typeof x));
  });

  it('carries Errors by name, message and cause (no stack)', () => {
    const custom = new Error('custom');
    custom.name = 'ValidationError';
    const withCause = new Error('outer', { cause: new SyntaxError('inner', { cause: new Map([['k', 1n]]) }) });
    const [outer] = overJson(t, [withCause]) as Error[];
    expect(outer!.message).toBe('outer');
    expect(outer!.cause).toBeInstanceOf(SyntaxError);
    expect((outer!.cause as Error).message).toBe('inner');
    expect((outer!.cause as Error).cause).toStrictEqual(new Map([['k', 1n]]));
    expect(Object.prototype.hasOwnProperty.call(overJson(t, new Error('x')), 'cause')).toBe(false);
    const back = overJson(t, [new TypeError('t'), custom]) as Error[];
    expect(back[0]).toBeInstanceOf(TypeError);
    expect(back[0]!.message).toBe('t');
    expect(back[1]!.name).toBe('ValidationError');
    expect(back[1]!.message).toBe('custom');
  });

  it('does not modify the value it serializes', () => {
    const original = superjsonPayload();
    const snapshot = superjsonPayload();
    t.output.serialize(original);
    expect(original).toStrictEqual(snapshot);
    expect(original.map).toBeInstanceOf(Map);
  });

  it('keeps cycles and shared identity with ref: true', () => {
    const back = overJson(t, cyclicPayload()) as ReturnType<typeof cyclicPayload>;
    expect(back.self).toBe(back);
    expect(back.shared).toBe(back.again);
    expect((back.children[0] as { parent: unknown }).parent).toBe(back);
    expect((back.children[0] as { shared: unknown }).shared).toBe(back.shared);
    expect(back.shared.at).toStrictEqual(new Date(3));
    // Shared Maps, Sets and arrays keep their identity too.
    const m = new Map([['k', 1]]);
    const s = new Set([1]);
    const a = [1];
    const v2 = overJson(t, { m1: m, m2: m, s1: s, s2: s, a1: a, a2: a, o: { m } }) as Record<string, unknown> & { o: { m: unknown } };
    expect(v2.m1).toBe(v2.m2);
    expect(v2.o.m).toBe(v2.m1);
    expect(v2.s1).toBe(v2.s2);
    expect(v2.a1).toBe(v2.a2);
    // A cycle through an object inside a Map.
    const holder: Record<string, unknown> = {};
    holder.map = new Map([['back', holder]]);
    const h2 = overJson(t, holder) as { map: Map<string, unknown> };
    expect(h2.map.get('back')).toBe(h2);
    // A cycle through the Map itself.
    const selfMap = new Map<string, unknown>();
    selfMap.set('me', selfMap);
    const m2 = overJson(t, { selfMap }) as { selfMap: Map<string, unknown> };
    expect(m2.selfMap.get('me')).toBe(m2.selfMap);
  });

  it('reports a cycle without ref tracking as an error instead of looping', () => {
    const plain = ferryTransformer(new Fory({ maps: 'object', undefined: 'preserve' }));
    expect(() => plain.output.serialize(cyclicPayload())).toThrow(/maxDepth/);
    const withMap: Record<string, unknown> = {};
    withMap.m = new Map([['again', withMap]]);
    expect(() => plain.output.serialize(withMap)).toThrow(/maxDepth/);
  });

  it('packs large typed arrays out-of-band into one frame inside the envelope', () => {
    const big = largeArrays(1 << 15); // 256 KiB of float64, 64 KiB of bytes, 64 KiB of int64
    const payload = t.output.serialize(big) as FerryPayload;
    expect(payload.buffers.length).toBe(1); // only the Float64Array exceeds 64 KiB
    expect(payload.buffers[0]!.buffer).toBe(big.samples.buffer); // a view, not a copy
    const text = (JSON.parse(JSON.stringify(payload)) as Record<string, string>)[ENVELOPE_KEY]!;
    const { buffers } = decodeFrames(fromBase64Url(text));
    expect(buffers.length).toBe(1);
    const back = overJson(t, big) as typeof big;
    expect(back).toStrictEqual(big);
    // everything in-band when out-of-band is off
    const inBand = ferryTransformer(new Fory({ maps: 'object' }), { outOfBandAbove: false });
    expect((inBand.output.serialize(big) as FerryPayload).buffers).toStrictEqual([]);
    expect(overJson(inBand, big)).toStrictEqual(big);
  });
});

describe('ferryTransformer: configuration', () => {
  it('defaults to objects as objects and undefined preserved', () => {
    const t = ferryTransformer();
    expect(t.traits).toStrictEqual({ objects: true, undefined: true });
    expect(overJson(t, { a: undefined })).toStrictEqual({ a: undefined });
  });

  it('follows a Fory without undefined: preserve (undefined reads back as null, as in JSON)', () => {
    const t = ferryTransformer(new Fory({ maps: 'object' }));
    expect(t.traits).toStrictEqual({ objects: true, undefined: false });
    expect(overJson(t, { a: undefined, b: [undefined] })).toStrictEqual({ a: null, b: [null] });
  });

  it("rejects a Fory that decodes plain objects as Map, saying which option to set", () => {
    expect(() => ferryTransformer(new Fory())).toThrow(/maps: 'object'/);
  });

  it('validates outOfBandAbove', () => {
    expect(() => ferryTransformer(undefined, { outOfBandAbove: -1 })).toThrow(RangeError);
  });

  it('can share one Fory between several transformers (client and server in one process)', () => {
    const fory = new Fory({ maps: 'object', undefined: 'preserve' });
    const a = ferryTransformer(fory);
    const b = ferryTransformer(fory);
    expect(b.output.deserialize(JSON.parse(JSON.stringify(a.output.serialize(new Map([[1n, /x/]])))))).toStrictEqual(new Map([[1n, /x/]]));
  });

  it('reports values Fory cannot write (functions, unregistered classes)', () => {
    const t = ferryTransformer();
    expect(() => t.output.serialize({ f: () => 1 })).toThrow(/function/);
    class Unregistered {
      x = 1;
    }
    expect(() => t.output.serialize({ u: new Unregistered() })).toThrow(/Unregistered/);
  });
});

describe('ferryTransformer: registered schemas', () => {
  it('writes withSchema values as the registered struct, smaller than the dynamic form', () => {
    const t = makeTransformer();
    const value = { name: 'Ada', age: 36, tags: ['math'], born: new Date(0) };
    const viaSchema = t.output.serialize(withSchema(Person, value)) as FerryPayload;
    const back = t.output.deserialize(JSON.parse(JSON.stringify(viaSchema))) as PersonT;
    expect({ ...back }).toStrictEqual(value);
    // the same bytes any Fory with Person registered (a Java or Python peer too) reads
    expect({ ...makeTransformer().fory.deserialize<PersonT>(viaSchema.payload) }).toStrictEqual(value);
    // A list of them: the schema (TypeDef) is written once and field names never, so it is smaller.
    const people = Array.from({ length: 50 }, (_, i) => ({ ...value, name: `p${i}`, age: i }));
    const listSchema = Type.list(Person);
    const many = t.output.serialize(withSchema(listSchema, people)) as FerryPayload;
    const manyDynamic = t.output.serialize(people) as FerryPayload;
    expect(many.payload.length).toBeLessThan(manyDynamic.payload.length * 0.6);
    const manyBack = t.output.deserialize(JSON.parse(JSON.stringify(many))) as PersonT[];
    expect(manyBack.map((p) => ({ ...p }))).toStrictEqual(people);
  });

  it('writes instances of a registered class by schema inside dynamic values', () => {
    class Point {
      x = 0;
      y = 0;
    }
    const PointT = Type.struct({ typeName: 'example.Point' }, { x: Type.float64(), y: Type.float64() }, { class: Point });
    const fory = new Fory({ maps: 'object', undefined: 'preserve', compatible: false }).register(PointT);
    const t = ferryTransformer(fory);
    const p = Object.assign(new Point(), { x: 1.5, y: -2 });
    const back = overJson(t, { points: [p, p], label: new Map([['k', p]]) }) as { points: Point[]; label: Map<string, Point> };
    expect(back.points[0]).toBeInstanceOf(Point);
    expect(back.points[0]).toStrictEqual(p);
    expect(back.label.get('k')).toBeInstanceOf(Point);
  });
});


describe('ferryTransformer: malformed envelopes', () => {
  const t = makeTransformer();
  const badInputs: Array<[unknown, RegExp]> = [
    [null, /expected an object .*got null/],
    ['text', /expected an object/],
    [[1], /got an array/],
    [{}, /exactly one property "\$ferry", got none/],
    [{ $ferry: 'AQ', extra: 1 }, /exactly one property/],
    [{ json: 1, meta: {} }, /exactly one property "\$ferry"/], // a superjson payload
    [{ $ferry: 42 }, /must be a base64url string, got number/],
    [{ $ferry: 'not base64!' }, /not base64url \(invalid base64 character " " at index 3\)/],
    [{ $ferry: 'A' }, /not base64url/],
    [{ $ferry: '' }, /is empty/],
    [{ $ferry: '_w' }, /does not decode \(INVALID_HEADER/],
    [{ $ferry: 'AgD_' }, /does not decode/],
    [{ $ferry: 'RllGUgEAAAD_____' }, /does not decode/], // a frame header with a bogus part table
  ];

  it.each(badInputs)('input %j → TRPCError BAD_REQUEST with a clear message', (value, message) => {
    let caught: unknown;
    try {
      t.input.deserialize(value);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TRPCError);
    expect((caught as TRPCError).code).toBe('BAD_REQUEST');
    expect((caught as TRPCError).message).toMatch(/^Malformed Ferry input: /);
    expect((caught as TRPCError).message).toMatch(message);
  });

  it('output (client side): a malformed response is a TypeError naming the problem', () => {
    expect(() => t.output.deserialize({ $ferry: '***' })).toThrow(/Malformed Ferry response: the envelope is not base64url/);
    expect(() => t.output.deserialize('x')).toThrow(/Malformed Ferry response/);
  });

  it('output: an error shape that was not transformed is passed through unchanged', () => {
    const shape = { code: -32603, message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } };
    expect(t.output.deserialize(shape)).toBe(shape);
  });
});
