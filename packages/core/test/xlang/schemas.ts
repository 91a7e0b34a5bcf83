/**
 * The peers' user types (peers/README.md "User types"), declared with Ferry's schema API. Field
 * names are the wire (snake_case) names so tagged values map one to one.
 */
import { Type, type TypeSpec } from '../../src/index.js';
import type { ExtReader, ExtWriter, StructSpec } from '../../src/schema/user-types.js';

const i32 = Type.int32();
const str = Type.string();

export const Person = Type.struct({ namespace: 'example', typeName: 'Person' }, { name: str, age: i32 });
export const PersonById = Type.struct({ id: 200 }, { name: str, age: i32 });
export const Node: StructSpec = Type.struct({ typeName: 'example.Node' }, {
  value: str,
  next: Type.field(Type.ref(() => Node), { nullable: true, ref: true }),
  parent: Type.field(Type.ref(() => Node), { nullable: true, ref: true }),
});
export const Scalars = Type.struct({ id: 201 }, {
  f_fixed_int64: Type.int64({ encoding: 'fixed' }),
  f_fixed_uint64: Type.uint64({ encoding: 'fixed' }),
  f_float64: Type.float64(),
  f_fixed_int32: Type.int32({ encoding: 'fixed' }),
  f_fixed_uint32: Type.uint32({ encoding: 'fixed' }),
  f_float32: Type.float32(),
  f_int16: Type.int16(),
  f_uint16: Type.uint16(),
  f_float16: Type.float16(),
  f_bfloat16: Type.bfloat16(),
  f_bool: Type.bool(),
  f_int8: Type.int8(),
  f_uint8: Type.uint8(),
  f_int64: Type.int64(),
  f_tagged_int64: Type.int64({ encoding: 'tagged' }),
  f_var_uint64: Type.uint64(),
  f_tagged_uint64: Type.uint64({ encoding: 'tagged' }),
  f_int32: i32,
  f_var_uint32: Type.uint32(),
  f_binary: Type.binary(),
  f_string: str,
});
export const Containers = Type.struct({ id: 202 }, {
  double_array: Type.float64Array(),
  int_array: Type.int32Array(),
  int_list: Type.list(i32),
  int_person_map: Type.map(i32, PersonById),
  nested: PersonById,
  person_list: Type.list(PersonById),
  str_int_map: Type.map(str, i32),
  str_list: Type.list(str),
  str_set: Type.set(str),
});
export const Color = Type.enum({ id: 203 }, ['RED', 'GREEN', 'BLUE']);
export const Shade = Type.enum({ typeName: 'example.Shade' }, ['RED', 'GREEN', 'BLUE']);
export const Colored = Type.struct({ id: 204 }, { color: Color, colors: Type.list(Color), shade: Shade });
export const Nullables = Type.struct({ id: 205 }, {
  boxed_int32: i32,
  prim_int32: i32,
  opt_int64: Type.nullable(Type.int64()),
  opt_int32: Type.nullable(i32),
  opt_list: Type.nullable(Type.list(str)),
  opt_person: Type.nullable(PersonById),
  opt_string: Type.nullable(str),
});
export const Poly = Type.struct({ id: 206 }, {
  any_list: Type.list(Type.any()),
  any_map: Type.map(str, Type.any()),
  any_value: Type.nullable(Type.any()),
});
const evolvingFields = {
  1: { a: i32, b: str },
  2: { d: Type.float64(), a: i32, b: str, c: Type.list(Type.int64()) },
  3: { e: Type.bool(), b: str },
} as const;
export const evolving = (v: 1 | 2 | 3) => Type.struct({ typeName: 'example.Evolving' }, evolvingFields[v]);
export const evolvingById = (v: 1 | 2 | 3) => Type.struct({ id: 207 }, evolvingFields[v]);
const pointSerializer = {
  write: (w: ExtWriter, p: { x: number; y: number }) => {
    w.writeVarInt32(p.x);
    w.writeVarInt32(p.y);
  },
  read: (r: ExtReader) => ({ x: r.readVarInt32(), y: r.readVarInt32() }),
};
export const Point = Type.ext({ id: 209 }, pointSerializer);
export const Point2 = Type.ext({ typeName: 'example.Point2' }, pointSerializer);
export const Shape = Type.union({ id: 208 }, { 0: i32, 1: str, 2: PersonById });
export const Holder = Type.struct({ id: 210 }, { point: Point, point2: Point2, shape: Shape });
export const DenseArrays = Type.struct({ id: 211 }, {
  bfloat16_array: Type.bfloat16Array(),
  bool_array: Type.boolArray(),
  float16_array: Type.float16Array(),
  float32_array: Type.float32Array(),
  float64_array: Type.float64Array(),
  int16_array: Type.int16Array(),
  int32_array: Type.int32Array(),
  int64_array: Type.int64Array(),
  int8_array: Type.int8Array(),
  uint16_array: Type.uint16Array(),
  uint32_array: Type.uint32Array(),
  uint64_array: Type.uint64Array(),
  uint8_array: Type.uint8Array(),
});
export const TagIds = Type.struct({ id: 212 }, {
  flag: Type.bool(),
  big: Type.field(Type.int64(), { id: 20 }),
  x: Type.field(i32, { id: 5 }),
  label: Type.field(str, { id: 1 }),
  a_field_name_longer_than_fifteen_bytes: str,
});
export const Wide = Type.struct({ id: 213 }, Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`f${String(i).padStart(2, '0')}`, i32])));
// Benchmark types (reference/benchmark).
export const Player = Type.enum({ id: 101 }, ['JAVA', 'FLASH']);
export const Size = Type.enum({ id: 102 }, ['SMALL', 'LARGE']);
export const NumericStruct = Type.struct({ id: 1 }, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i + 1}`, i32])));
export const Sample = Type.struct({ id: 2 }, {
  int_value: i32,
  long_value: Type.int64(),
  float_value: Type.float32(),
  double_value: Type.float64(),
  short_value: i32,
  char_value: i32,
  boolean_value: Type.bool(),
  int_value_boxed: i32,
  long_value_boxed: Type.int64(),
  float_value_boxed: Type.float32(),
  double_value_boxed: Type.float64(),
  short_value_boxed: i32,
  char_value_boxed: i32,
  boolean_value_boxed: Type.bool(),
  int_array: Type.int32Array(),
  long_array: Type.int64Array(),
  float_array: Type.float32Array(),
  double_array: Type.float64Array(),
  short_array: Type.int32Array(),
  char_array: Type.int32Array(),
  boolean_array: Type.boolArray(),
  string: str,
});
export const Media = Type.struct({ id: 3 }, {
  uri: str,
  title: str,
  width: i32,
  height: i32,
  format: str,
  duration: Type.int64(),
  size: Type.int64(),
  bitrate: i32,
  has_bitrate: Type.bool(),
  persons: Type.list(str),
  player: Player,
  copyright: str,
});
export const Image = Type.struct({ id: 4 }, { uri: str, title: str, width: i32, height: i32, size: Size });
export const MediaContent = Type.struct({ id: 5 }, { media: Media, images: Type.list(Image) });
export const NumericStructList = Type.struct({ id: 6 }, { struct_list: Type.list(NumericStruct) });
export const SampleList = Type.struct({ id: 7 }, { sample_list: Type.list(Sample) });
export const MediaContentList = Type.struct({ id: 8 }, { media_content_list: Type.list(MediaContent) });

/** Types registered on every test Fory, keyed like the peers' tagged `type`. */
export function userTypes(version: 1 | 2 | 3 = 1): Record<string, TypeSpec> {
  return {
    'example.Person': Person,
    '200': PersonById,
    'example.Node': Node,
    '201': Scalars,
    '202': Containers,
    '203': Color,
    'example.Shade': Shade,
    '204': Colored,
    '205': Nullables,
    '206': Poly,
    'example.Evolving': evolving(version),
    '207': evolvingById(version),
    '208': Shape,
    '209': Point,
    'example.Point2': Point2,
    '210': Holder,
    '211': DenseArrays,
    '212': TagIds,
    '213': Wide,
    '101': Player,
    '102': Size,
    '1': NumericStruct,
    '2': Sample,
    '3': Media,
    '4': Image,
    '5': MediaContent,
    '6': NumericStructList,
    '7': SampleList,
    '8': MediaContentList,
  };
}
