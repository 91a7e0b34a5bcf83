/** The low-level wire exports for tools (README "Low-level wire access") agree with what Fory writes. */
import { describe, expect, it } from 'vitest';
import {
  BuiltinDecoder,
  Decimal,
  Fory,
  MetaStringReader,
  NAMESPACE_CONTEXT,
  DEFAULT_LIMITS,
  TYPEDEF_LIMITS,
  TYPE_NAME_CONTEXT,
  Type,
  TypeId,
  decodeTypeDef,
  describeUserTypes,
  readTypeDefFrame,
} from '../src/index.js';

describe('BuiltinDecoder', () => {
  it('reads the README bytes and every built-in payload as deserialize does', () => {
    const d = new BuiltinDecoder();
    d.reset(Uint8Array.of(0x01, 0xff, 0x05, 0x2a));
    d.reader.pos = 2;
    const typeId = d.reader.readVarUint32();
    expect(typeId).toBe(TypeId.VARINT32);
    expect(d.read(typeId)).toBe(21);
    expect(d.reader.pos).toBe(4);
    const fory = new Fory();
    for (const [value, type] of [
      [new Decimal(-5n, 3), undefined],
      ['中文', undefined],
      [new Float32Array([1.5, 2]), undefined],
      [300, Type.uint16()],
    ] as const) {
      const bytes = type ? fory.serialize(value, type) : fory.serialize(value);
      d.reset(bytes);
      d.reader.pos = 2;
      const id = d.reader.readVarUint32();
      expect(d.read(id)).toEqual(fory.deserialize(bytes));
      expect(d.reader.pos).toBe(bytes.length);
    }
    expect([d.typeName(TypeId.INT32), d.typeName(TypeId.FLOAT32_ARRAY), d.typeName(TypeId.LIST)]).toEqual(['fixed int32', 'array<float32>', undefined]);
    expect([d.elementWidth(TypeId.BINARY), d.elementWidth(TypeId.INT64_ARRAY), d.elementWidth(TypeId.STRING)]).toEqual([1, 8, undefined]);
    expect(() => d.read(TypeId.MAP)).toThrow(/not a built-in/);
  });
});

describe('describeUserTypes', () => {
  const Tag = Type.enum({ id: 9 }, ['A', 'B']);
  const Node = Type.struct({ typeName: 'ex.Node' }, {
    label: Type.string(),
    weight: Type.float64(),
    tags: Type.list(Tag),
    next: Type.field(Type.ref('ex.Node'), { nullable: true, ref: true }),
  });

  it('field order, types and schema hash are the ones Fory writes', () => {
    for (const ref of [false, true]) {
      const [node, tag] = describeUserTypes([Node, Tag], { compatible: false, ref });
      expect(node!.fields!.map((f) => f.name)).toEqual(['weight', 'label', 'next', 'tags']);
      expect(node!.fields![3]!.type.element!.userType).toBe(tag);
      expect(node!.fields![2]!.type.userType).toBe(node);
      expect(node!.fields![2]!.type.ref).toBe(ref);
      expect(tag!.enumNames!.get(1)).toBe('B');
      // Schema-consistent payload: header, flag, NAMED_STRUCT, two meta strings, then the int32 hash.
      const fory = new Fory({ compatible: false, ref }).register(Node, Tag);
      const bytes = fory.serialize({ label: 'x', weight: 1, tags: [], next: null }, Node);
      const r = new BuiltinDecoder();
      r.reset(bytes);
      r.reader.pos = 3;
      const strings = new MetaStringReader();
      expect(strings.read(r.reader, NAMESPACE_CONTEXT, DEFAULT_LIMITS)).toBe('ex');
      expect(strings.read(r.reader, TYPE_NAME_CONTEXT, DEFAULT_LIMITS)).toBe('Node');
      expect(r.reader.readInt32()).toBe(node!.schemaHash);
    }
    const [a] = describeUserTypes([Node, Tag], { compatible: false, ref: false });
    const [b] = describeUserTypes([Node, Tag], { compatible: false, ref: true });
    expect(a!.schemaHash).not.toBe(b!.schemaHash);
  });

  it('compatible layouts list the fields of the TypeDef Fory shares', () => {
    const [node] = describeUserTypes([Node, Tag], { compatible: true, ref: false });
    expect(node!.typeId).toBe(TypeId.NAMED_COMPATIBLE_STRUCT);
    const bytes = new Fory().register(Node, Tag).serialize({ label: 'x', weight: 1, tags: ['A'], next: null }, Node);
    const r = new BuiltinDecoder();
    r.reset(bytes);
    r.reader.pos = 4; // header, flag, type id, TypeDef marker
    const def = decodeTypeDef(r.reader, readTypeDefFrame(r.reader, TYPEDEF_LIMITS), TYPEDEF_LIMITS);
    expect(def.fields.map((f) => f.name)).toEqual(node!.fields!.map((f) => f.name));
    expect(def.fields.map((f) => f.type.typeId)).toEqual(node!.fields!.map((f) => f.type.typeId));
  });
});
