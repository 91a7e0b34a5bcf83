import { describe, expect, it } from 'vitest';
import { Fory } from '../src/index.js';
import { hex } from './helpers.js';

describe("undefined: 'preserve'", () => {
  const f = new Fory({ undefined: 'preserve' });
  it('keeps undefined distinct from null everywhere', () => {
    const v = [undefined, null, { a: undefined, b: null }, new Map<unknown, unknown>([['u', undefined]])];
    const back = f.deserialize<unknown[]>(f.serialize(v));
    expect(back[0]).toBeUndefined();
    expect(back[1]).toBeNull();
    const m = back[2] as Map<string, unknown>;
    expect(m.has('a') && m.get('a') === undefined).toBe(true);
    expect(m.get('b')).toBeNull();
    expect((back[3] as Map<string, unknown>).get('u')).toBeUndefined();
    expect(f.deserialize(f.serialize(undefined))).toBeUndefined();
  });
  it('writes undefined as xlang NONE (type 36), which other runtimes read as null/None', () => {
    expect(hex(f.serialize(undefined))).toBe('01ff24');
    expect(new Fory().deserialize(f.serialize(undefined))).toBeNull();
    // The default mode is unchanged: undefined is null.
    expect(hex(new Fory().serialize(undefined))).toBe('01fd');
  });
});

describe("maps: 'object'", () => {
  const f = new Fory({ maps: 'object', ref: true });
  it('string-keyed maps decode as plain objects; others stay Maps', () => {
    const back = f.deserialize<Record<string, unknown>>(f.serialize({ a: 1, nested: { b: [1, { c: 'x' }] }, m: new Map([[1, 'one']]) }));
    expect(back).toEqual({ a: 1, nested: { b: [1, { c: 'x' }] }, m: new Map([[1, 'one']]) });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
  it('a "__proto__" key is an own property, never the prototype', () => {
    const payload = new Fory().serialize(new Map([['__proto__', { polluted: true }]]));
    const back = f.deserialize<Record<string, unknown>>(payload);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('cycles through objects survive, and a switch to Map rebinds the reference', () => {
    const o: Record<string, unknown> = { name: 'root' };
    o.self = o;
    const back = f.deserialize<Record<string, unknown>>(f.serialize(o));
    expect(back.self).toBe(back);
    const mixed = new Map<unknown, unknown>([['s', 1], [2, 'two']]);
    const holder = [mixed, mixed];
    const b2 = f.deserialize<unknown[]>(f.serialize(holder));
    expect(b2[0]).toBeInstanceOf(Map);
    expect(b2[1]).toBe(b2[0]);
  });
});

describe("maps: 'object' and schemas", () => {
  it('declared Type.map fields stay Maps; dynamic maps become objects', async () => {
    const { Type } = await import('../src/index.js');
    const S = Type.struct({ typeName: 'x.S' }, { scores: Type.map(Type.string(), Type.int32()), any: Type.any() });
    const f = new Fory({ maps: 'object' }).register(S);
    const back = f.deserialize<{ scores: unknown; any: unknown }>(f.serialize({ scores: new Map([['a', 1]]), any: { b: 2 } }, S));
    expect(back.scores).toEqual(new Map([['a', 1]]));
    expect(back.any).toEqual({ b: 2 });
    expect(f.maps).toBe('object');
    expect(f.undefined).toBe('null');
  });
});
