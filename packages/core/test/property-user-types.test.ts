// Property-based round trips of user types (fast-check, fixed seed, bounded runs): random struct
// schemas (scalars, strings, binary, lists, sets, maps, nullable fields, enums, nested structs,
// unions) with random values, in every mode (compatible / schema-consistent × ref tracking ×
// generated / interpreted field code), plus schema evolution in compatible mode (the reader's
// schema keeps a random subset of the writer's fields and adds its own).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fory, Type, type TypeSpec } from '../src/index.js';

const SEED = 20_251_121;
const RUNS = 150;

const Color = Type.enum({ typeName: 'prop.Color' }, ['RED', 'GREEN', 'BLUE']);
const Inner = Type.struct({ typeName: 'prop.Inner' }, { a: Type.int32(), b: Type.string() });
const Choice = Type.union({ typeName: 'prop.Choice' }, { 0: Type.int32(), 1: Type.string() });

interface FieldKind {
  readonly spec: () => TypeSpec;
  readonly value: fc.Arbitrary<unknown>;
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const KINDS: Record<string, FieldKind> = {
  bool: { spec: () => Type.bool(), value: fc.boolean() },
  int8: { spec: () => Type.int8(), value: fc.integer({ min: -128, max: 127 }) },
  int16: { spec: () => Type.int16(), value: fc.integer({ min: -32768, max: 32767 }) },
  int32: { spec: () => Type.int32(), value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
  fixedInt32: { spec: () => Type.int32({ encoding: 'fixed' }), value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
  int64: { spec: () => Type.int64(), value: int64 },
  taggedInt64: { spec: () => Type.int64({ encoding: 'tagged' }), value: int64 },
  uint16: { spec: () => Type.uint16(), value: fc.integer({ min: 0, max: 65535 }) },
  uint32: { spec: () => Type.uint32(), value: fc.integer({ min: 0, max: 2 ** 32 - 1 }) },
  uint64: { spec: () => Type.uint64(), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
  float32: { spec: () => Type.float32(), value: fc.float() },
  float64: { spec: () => Type.float64(), value: fc.double() },
  string: { spec: () => Type.string(), value: fc.string({ unit: 'binary', maxLength: 20 }) },
  binary: { spec: () => Type.binary(), value: fc.uint8Array({ maxLength: 24 }) },
  listInt32: { spec: () => Type.list(Type.int32()), value: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 8 }) },
  setString: { spec: () => Type.set(Type.string()), value: fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 6 }).map((a) => new Set(a)) },
  mapStringFloat: {
    spec: () => Type.map(Type.string(), Type.float64()),
    value: fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), fc.double()), { maxLength: 6, selector: ([k]) => k }).map((e) => new Map(e)),
  },
  nullableString: { spec: () => Type.nullable(Type.string()), value: fc.option(fc.string({ maxLength: 10 }), { nil: null }) },
  float64Array: { spec: () => Type.float64Array(), value: fc.float64Array({ maxLength: 6 }) },
  enum: { spec: () => Color, value: fc.constantFrom('RED', 'GREEN', 'BLUE') },
  inner: { spec: () => Inner, value: fc.record({ a: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), b: fc.string({ maxLength: 8 }) }) },
  union: {
    spec: () => Choice,
    value: fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => ({ case: 0, value: v })),
      fc.string({ maxLength: 8 }).map((v) => ({ case: 1, value: v })),
    ),
  },
};

/** Field names: identifiers (snake_case on the wire must stay distinct, so lower case only). */
const fieldName = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);

/** A random schema: field name → kind name. */
const schema = fc.uniqueArray(fc.tuple(fieldName, fc.constantFrom(...Object.keys(KINDS))), { minLength: 1, maxLength: 12, selector: ([n]) => n });

function structOf(name: string, fields: ReadonlyArray<readonly [string, string]>) {
  return Type.struct({ typeName: name }, Object.fromEntries(fields.map(([n, k]) => [n, KINDS[k]!.spec()])));
}

function valueOf(fields: ReadonlyArray<readonly [string, string]>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(fields.map(([n, k]) => [n, KINDS[k]!.value])));
}

function newFory(compatible: boolean, ref: boolean, codegen: boolean): Fory {
  return new Fory({ compatible, ref, codegen, int64: 'bigint' }).register(Color, Inner, Choice);
}

const MODES = [
  { compatible: true, ref: false, codegen: true },
  { compatible: true, ref: true, codegen: false },
  { compatible: false, ref: false, codegen: false },
  { compatible: false, ref: true, codegen: true },
];

describe('user types: random schemas round-trip', () => {
  for (const mode of MODES) {
    it(`compatible=${mode.compatible} ref=${mode.ref} codegen=${mode.codegen}`, () => {
      let n = 0;
      fc.assert(
        fc.property(
          schema.chain((fields) => fc.tuple(fc.constant(fields), valueOf(fields))),
          ([fields, value]) => {
            const S = structOf(`prop.S${n++}`, fields);
            const fory = newFory(mode.compatible, mode.ref, mode.codegen).register(S);
            const out = fory.deserialize<Record<string, unknown>>(fory.serialize(value as never, S));
            expect({ ...out }).toEqual(value);
            // A second instance (fresh caches) reads the same bytes the same way.
            const other = newFory(mode.compatible, mode.ref, !mode.codegen).register(S);
            expect({ ...other.deserialize<Record<string, unknown>>(fory.serialize(value as never, S)) }).toEqual(value);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe('user types: schema evolution (compatible mode)', () => {
  it("the reader keeps the writer's values for shared fields, whatever fields either side adds", () => {
    let n = 0;
    fc.assert(
      fc.property(
        schema.chain((fields) =>
          fc.tuple(
            fc.constant(fields),
            valueOf(fields),
            fc.subarray(fields.map((f) => f[0])),
            fc.uniqueArray(fc.tuple(fieldName.map((s) => `x${s}`), fc.constantFrom(...Object.keys(KINDS))), { maxLength: 4, selector: ([nm]) => nm }),
          ),
        ),
        ([fields, value, kept, added]) => {
          const name = `prop.E${n++}`;
          const Remote = structOf(name, fields);
          const writer = newFory(true, false, true).register(Remote);
          const localFields = [...fields.filter(([f]) => kept.includes(f)), ...added];
          const Local = structOf(name, localFields);
          for (const codegen of [true, false]) {
            const reader = newFory(true, false, codegen).register(Local);
            const out = reader.deserialize<Record<string, unknown>>(writer.serialize(value as never, Remote));
            for (const f of kept) expect(out[f], f).toEqual(value[f]);
            for (const [f] of added) expect(f in out, f).toBe(true);
            expect(Object.keys(out).sort()).toEqual(localFields.map(([f]) => f).sort());
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
