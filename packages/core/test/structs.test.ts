import { describe, expect, it } from 'vitest';
import {
  Fory,
  Type,
  TypeMismatchError,
  UnknownTypeError,
  UnsupportedValueError,
  InvalidDataError,
  ForyError,
  type Infer,
  typed,
  isOfType,
} from '../src/index.js';
import { hex } from './helpers.js';

const Person = Type.struct({ namespace: 'example', typeName: 'Person' }, {
  name: Type.string(),
  age: Type.int32(),
  tags: Type.list(Type.string()),
  scores: Type.map(Type.string(), Type.int32()),
  manager: Type.nullable(Type.ref<Record<string, unknown>>('example.Person')),
});
type Person = Infer<typeof Person>;

const bob: Person = { name: 'Bob', age: 25, tags: ['a'], scores: new Map([['x', 1]]), manager: null };

describe('structs', () => {
  for (const compatible of [true, false]) {
    for (const codegen of [true, false]) {
      it(`round-trip (compatible=${compatible}, codegen=${codegen}) and identical bytes across paths`, () => {
        const f = new Fory({ compatible, codegen }).register(Person);
        const other = new Fory({ compatible, codegen: !codegen }).register(Person);
        const bytes = f.serialize(bob, Person);
        expect(hex(other.serialize(bob, Person))).toBe(hex(bytes));
        expect(f.deserialize(bytes)).toEqual(bob);
        expect(other.deserialize(bytes)).toEqual(bob);
      });
    }
  }

  it('decoded plain objects re-encode as the same struct in dynamic positions', () => {
    const f = new Fory().register(Person);
    const list = f.deserialize<Person[]>(f.serialize([bob, { ...bob, name: 'Al' }].map((p) => p), Type.list(Person)));
    expect(list[0]!.constructor.name).toBe('Person');
    expect(JSON.parse(JSON.stringify(list[0]))).toMatchObject({ name: 'Bob', age: 25 });
    const again = f.deserialize<Person[]>(f.serialize(list));
    expect(again).toEqual(list);
  });

  it('binds a class: deserialize returns instances, dynamic writes find the schema', () => {
    class Point {
      x = 0;
      y = 0;
      norm(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    const PointT = Type.struct({ id: 7 }, { x: Type.float64(), y: Type.float64() }, { class: Point });
    const f = new Fory().register(PointT);
    const p = Object.assign(new Point(), { x: 3, y: 4 });
    const back = f.deserialize<Point>(f.serialize(p));
    expect(back).toBeInstanceOf(Point);
    expect(back.norm()).toBe(5);
  });

  it('shared references and cycles through struct fields (ref: true)', () => {
    const Node: ReturnType<typeof Type.struct> = Type.struct({ typeName: 'example.Node' }, {
      value: Type.string(),
      next: Type.field(Type.ref(() => Node), { nullable: true, ref: true }),
      parent: Type.field(Type.ref(() => Node), { nullable: true, ref: true }),
    });
    for (const compatible of [true, false]) {
      const f = new Fory({ ref: true, compatible }).register(Node);
      const a: Record<string, unknown> = { value: 'A', next: null, parent: null };
      const b: Record<string, unknown> = { value: 'B', next: null, parent: a };
      a.next = b;
      const back = f.deserialize<Record<string, Record<string, unknown>>>(f.serialize(a, Node));
      expect(back.next!.parent).toBe(back);
    }
  });

  it('enums by name and id, unions, ext types', () => {
    const Color = Type.enum({ id: 3 }, ['RED', 'GREEN']);
    const Shape = Type.union({ id: 4 }, { 0: Type.int32(), 1: Type.string() });
    const Pt = Type.ext({ typeName: 'geo.Pt' }, {
      write: (w, v: { x: number; y: number }) => (w.writeVarInt32(v.x), w.writeVarInt32(v.y)),
      read: (r) => ({ x: r.readVarInt32(), y: r.readVarInt32() }),
    });
    const Holder = Type.struct({ id: 5 }, { color: Color, shape: Shape, pt: Pt, colors: Type.list(Color) });
    for (const compatible of [true, false]) {
      const f = new Fory({ compatible }).register(Color, Shape, Pt, Holder);
      const v = { color: 'GREEN' as const, shape: { case: 1 as const, value: 'hi' }, pt: { x: 1, y: -2 }, colors: ['RED' as const] };
      expect(f.deserialize(f.serialize(v, Holder))).toEqual(v);
      expect(f.deserialize(f.serialize('RED', Color))).toBe('RED');
      expect(() => f.serialize('BLUE' as never, Color)).toThrow(UnsupportedValueError);
    }
    const f = new Fory({ compatible: false }).register(Color);
    const bytes = f.serialize('GREEN', Color);
    bytes[bytes.length - 1] = 9; // ordinal 9
    expect(() => f.deserialize(bytes)).toThrow(/Enum id 3 has no value with id 9/);
  });
});

describe('registration and mismatch errors', () => {
  it('writing or reading an unregistered type names it', () => {
    const f = new Fory();
    expect(() => f.serialize(bob, Person)).toThrow(UnknownTypeError);
    expect(() => f.serialize(bob, Person)).toThrow(/Type not registered: example\.Person/);
    const bytes = new Fory().register(Person).serialize(bob, Person);
    const err = (() => {
      try {
        f.deserialize(bytes);
      } catch (e) {
        return e as UnknownTypeError;
      }
    })()!;
    expect(err).toBeInstanceOf(UnknownTypeError);
    expect(err.code).toBe('TYPE_NOT_REGISTERED');
    expect(err.message).toMatch(/example\.Person/);
    const ById = Type.struct({ id: 77 }, { a: Type.int32() });
    expect(() => new Fory({ compatible: false }).deserialize(new Fory({ compatible: false }).register(ById).serialize({ a: 1 }, ById))).toThrow(
      /Type not registered: STRUCT id 77/,
    );
    expect(() => new Fory().register(Type.struct({ id: 1 }, {}), Type.struct({ id: 1 }, {}))).toThrow(/already registered/);
  });

  it('compatible: a field whose type changed is a "Type mismatch" naming the field', () => {
    const V1 = Type.struct({ typeName: 'm.T' }, { name: Type.string(), age: Type.int32() });
    const V2 = Type.struct({ typeName: 'm.T' }, { name: Type.int32(), age: Type.int32() });
    const bytes = new Fory().register(V1).serialize({ name: 'x', age: 1 }, V1);
    expect(() => new Fory().register(V2).deserialize(bytes)).toThrow(TypeMismatchError);
    expect(() => new Fory().register(V2).deserialize(bytes)).toThrow(/Type mismatch for field name of m\.T/);
  });

  it('schema-consistent: a different schema fails the hash check with "Type mismatch"', () => {
    const V1 = Type.struct({ id: 9 }, { a: Type.int32() });
    const V2 = Type.struct({ id: 9 }, { a: Type.int32(), b: Type.string() });
    const bytes = new Fory({ compatible: false }).register(V1).serialize({ a: 1 }, V1);
    expect(() => new Fory({ compatible: false }).register(V2).deserialize(bytes)).toThrow(/Type mismatch: id 9 schema hash/);
  });

  it('writer and reader in different modes: a clear error', () => {
    const T = Type.struct({ id: 9 }, { a: Type.int32() });
    const bytes = new Fory({ compatible: false }).register(T).serialize({ a: 1 }, T);
    expect(() => new Fory({ compatible: true }).register(T).deserialize(bytes)).toThrow(/written in schema-consistent mode/);
  });

  it('missing or wrongly typed fields on write name the field', () => {
    const f = new Fory().register(Person);
    expect(() => f.serialize({ ...bob, age: undefined } as never, Person)).toThrow(/Field age is required/);
    expect(() => f.serialize({ ...bob, name: 5 } as never, Person)).toThrow(UnsupportedValueError);
    try {
      f.serialize({ ...bob, tags: ['ok', 7] } as never, Person);
    } catch (e) {
      expect((e as UnsupportedValueError).path).toBe('.tags[1]');
    }
  });
});

describe('hostile names', () => {
  const evil = 'a"]);globalThis.pwned=1;//';
  it('local field names never become code', () => {
    const T = Type.struct({ id: 11 }, { [evil]: Type.int32(), ['x`${globalThis.pwned=2}`']: Type.string() });
    const f = new Fory({ compatible: false }).register(T);
    const v = { [evil]: 5, ['x`${globalThis.pwned=2}`']: 's' };
    expect(f.deserialize(f.serialize(v, T))).toEqual(v);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('names in a remote TypeDef are data: skipped or matched, never executed or polluting', () => {
    const Writer = Type.struct({ typeName: 'h.T' }, { [evil]: Type.int32(), __proto__x: Type.string(), ok: Type.int32() });
    const Reader = Type.struct({ typeName: 'h.T' }, { ok: Type.int32() });
    const bytes = new Fory().register(Writer).serialize({ [evil]: 1, __proto__x: 'p', ok: 2 }, Writer);
    const back = new Fory().register(Reader).deserialize<Record<string, unknown>>(bytes);
    expect(back).toEqual({ ok: 2 });
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a field literally named __proto__ is stored as data, not as the prototype', () => {
    const T = Type.struct({ id: 12 }, { ['__proto__']: Type.string(), a: Type.int32() });
    const f = new Fory().register(T);
    const v = Object.defineProperty({ a: 1 }, '__proto__', { value: 'x', enumerable: true });
    const back = f.deserialize<Record<string, unknown>>(f.serialize(v as never, T));
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(back)).not.toBe('x');
  });
});

describe('per-payload metadata limits', () => {
  it('maxTypeDefs and maxMetaStrings bound what one payload may announce', () => {
    const A = Type.struct({ typeName: 'a.A' }, { x: Type.int32() });
    const B = Type.struct({ typeName: 'b.B' }, { x: Type.int32() });
    const writer = new Fory().register(A, B);
    const bytes = writer.serialize([{ x: 1 }, { x: 2 }].map((v, i) => (i ? typed(B, v) : typed(A, v))));
    expect(() => new Fory({ limits: { maxTypeDefs: 1 } }).register(A, B).deserialize(bytes)).toThrow(/Limit maxTypeDefs exceeded: 2 > 1/);
    const s = new Fory({ compatible: false }).register(A, B);
    const sBytes = s.serialize([typed(A, { x: 1 }), typed(B, { x: 2 })]);
    expect(() => new Fory({ compatible: false, limits: { maxMetaStrings: 3 } }).register(A, B).deserialize(sBytes)).toThrow(
      /Limit maxMetaStrings exceeded: 4 > 3/,
    );
  });
});

describe('type checks on decoded values', () => {
  it('deserialize(bytes, { expect }) and isOfType, across Fory instances', () => {
    const Address = Type.struct({ typeName: 'example.Address' }, { city: Type.string() });
    const a = new Fory().register(Person, Address);
    const b = new Fory().register(Person, Address);
    const bytes = a.serialize(bob, Person);
    expect(b.deserialize(bytes, { expect: Person })).toEqual(bob);
    expect(isOfType(Person, b.deserialize(bytes))).toBe(true);
    expect(isOfType(Address, b.deserialize(bytes))).toBe(false);
    expect(() => b.deserialize(bytes, { expect: Address })).toThrow(/Type mismatch: expected example\.Address, the payload holds Person/);
    expect(() => b.deserialize(b.serialize('x'), { expect: Person })).toThrow(TypeMismatchError);
  });

  it('ext types can bind before reading children, so cycles through them work', () => {
    class Box {
      items: unknown[] = [];
    }
    const BoxT = Type.ext({ typeName: 'x.Box' }, {
      write: (w, v: Box) => w.writeValue(v.items),
      read: (r) => {
        const box = new Box();
        r.bind(box);
        box.items = r.readValue() as unknown[];
        return box;
      },
    });
    const f = new Fory({ ref: true }).register(BoxT);
    const box = new Box();
    box.items.push('a', typed(BoxT, box));
    const back = f.deserialize<Box>(f.serialize(typed(BoxT, box)));
    expect(back).toBeInstanceOf(Box);
    expect(back.items[1]).toBe(back);
  });
});

describe('generated and interpreted struct code agree on bad input', () => {
  const Flat = Type.struct({ id: 30 }, {
    a: Type.int32(),
    b: Type.int32(),
    ok: Type.bool(),
    c: Type.int32(),
    s: Type.string(),
    big: Type.int64(),
  });
  const v = { a: -1, b: 2 ** 31 - 1, ok: true, c: -(2 ** 31), s: 'str', big: 2 ** 40 };
  for (const compatible of [false, true]) {
    it(`every truncation and single-byte corruption gives the same ForyError on both paths (compatible=${compatible})`, () => {
      const gen = new Fory({ compatible }).register(Flat);
      const interp = new Fory({ compatible, codegen: false }).register(Flat);
      const bytes = gen.serialize(v, Flat);
      expect(hex(interp.serialize(v, Flat))).toBe(hex(bytes));
      const outcome = (f: Fory, b: Uint8Array) => {
        try {
          return JSON.stringify(f.deserialize(b));
        } catch (e) {
          expect(e).toBeInstanceOf(ForyError);
          return `${(e as ForyError).name}:${(e as ForyError).code}`;
        }
      };
      for (let n = 0; n < bytes.length; n++) {
        expect(outcome(gen, bytes.subarray(0, n))).toBe(outcome(interp, bytes.subarray(0, n)));
      }
      for (let i = 1; i < bytes.length; i++) {
        for (const x of [0x00, 0x80, 0xff, 0x02]) {
          const m = bytes.slice();
          m[i] = x;
          expect(outcome(gen, m), `byte ${i} = ${x}`).toBe(outcome(interp, m));
        }
      }
    });
  }
  it('invalid field values fail the same way on both paths', () => {
    const gen = new Fory().register(Flat);
    const interp = new Fory({ codegen: false }).register(Flat);
    for (const bad of [{ ...v, a: 1.5 }, { ...v, a: 2 ** 31 }, { ...v, ok: 1 }, { ...v, a: '1' }, { ...v, c: undefined }]) {
      const msg = (f: Fory) => {
        try {
          f.serialize(bad as never, Flat);
          return 'ok';
        } catch (e) {
          return (e as Error).message;
        }
      };
      expect(msg(gen)).toBe(msg(interp));
      expect(msg(gen)).not.toBe('ok');
    }
    expect(gen.serialize({ ...v, a: 5n } as never, Flat)).toEqual(interp.serialize({ ...v, a: 5n } as never, Flat));
  });
});
