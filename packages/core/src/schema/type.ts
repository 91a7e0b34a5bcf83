/**
 * The `Type` builder: one declaration gives the wire type and the TypeScript type (zod-style).
 * This module holds only descriptions; the codec turns them into serializers.
 */
import { TypeId } from '../meta/type-ids.js';
import type { BFloat16Array, BoolArray, Float16Array } from '../values/arrays.js';
import type { Decimal } from '../values/decimal.js';
import type { Duration, LocalDate, Timestamp } from '../values/temporal.js';
import { UserTypes } from './user-types.js';

/** A type description. `T` is the JavaScript value type (phantom; see `Infer`). */
export interface TypeSpec<T = unknown> {
  /** Schema kind, e.g. `int32`, `list`. */
  readonly kind: string;
  /** The internal type id this spec is written with. */
  readonly typeId: number;
  /** Element type (list, set). */
  readonly element?: TypeSpec;
  /** Key and value types (map). */
  readonly key?: TypeSpec;
  readonly value?: TypeSpec;
  /** Phantom carrier of the inferred value type; never set at run time. */
  readonly __type?: T;
}

/** The JavaScript value type described by a spec. */
export type Infer<S> = S extends TypeSpec<infer T> ? T : never;

export type Int32Encoding = 'varint' | 'fixed';
export type Int64Encoding = 'varint' | 'fixed' | 'tagged';

function spec<T>(kind: string, typeId: number, extra?: Partial<TypeSpec>): TypeSpec<T> {
  return Object.freeze({ kind, typeId, ...extra }) as TypeSpec<T>;
}

/**
 * Leaf specs are immutable, so each distinct one is a single shared instance: two `Type.int32()`
 * calls give the same object, which lets containers see that elements have "the same type".
 */
const leafCache = new Map<string, TypeSpec>();
function leaf<T>(kind: string, typeId: number): TypeSpec<T> {
  const key = `${kind}:${typeId}`;
  let s = leafCache.get(key);
  if (!s) leafCache.set(key, (s = spec<T>(kind, typeId)));
  return s as TypeSpec<T>;
}

/**
 * A value paired with the xlang type to write it as, for use inside dynamic values:
 * `fory.serialize({ count: typed(Type.int32(), 5) })` writes `count` as an int32 where the dynamic
 * mapping would pick int64. Reading returns the plain value.
 */
export class TypedValue<T = unknown> {
  constructor(
    readonly type: TypeSpec<T>,
    readonly value: T,
  ) {}
}

export function typed<S extends TypeSpec>(type: S, value: Infer<S>): TypedValue<Infer<S>> {
  return new TypedValue(type as TypeSpec<Infer<S>>, value);
}

const INT32_IDS = { varint: TypeId.VARINT32, fixed: TypeId.INT32 } as const;
const UINT32_IDS = { varint: TypeId.VAR_UINT32, fixed: TypeId.UINT32 } as const;
const INT64_IDS = { varint: TypeId.VARINT64, fixed: TypeId.INT64, tagged: TypeId.TAGGED_INT64 } as const;
const UINT64_IDS = { varint: TypeId.VAR_UINT64, fixed: TypeId.UINT64, tagged: TypeId.TAGGED_UINT64 } as const;

export const Type = {
  /** Dynamic: the type is inferred from the value when writing and read from the wire. */
  any: () => leaf<unknown>('any', TypeId.UNKNOWN),
  none: () => leaf<null>('none', TypeId.NONE),
  bool: () => leaf<boolean>('bool', TypeId.BOOL),
  int8: () => leaf<number>('int8', TypeId.INT8),
  int16: () => leaf<number>('int16', TypeId.INT16),
  /** Default encoding: zigzag varint (`VARINT32`); `fixed` writes 4 bytes (`INT32`). */
  int32: (opts: { encoding?: Int32Encoding } = {}) => leaf<number>('int32', INT32_IDS[opts.encoding ?? 'varint']),
  /** Default encoding: zigzag PVL varint (`VARINT64`); also `fixed` (`INT64`) and `tagged` (`TAGGED_INT64`). */
  int64: (opts: { encoding?: Int64Encoding } = {}) => leaf<number | bigint>('int64', INT64_IDS[opts.encoding ?? 'varint']),
  uint8: () => leaf<number>('uint8', TypeId.UINT8),
  uint16: () => leaf<number>('uint16', TypeId.UINT16),
  uint32: (opts: { encoding?: Int32Encoding } = {}) => leaf<number>('uint32', UINT32_IDS[opts.encoding ?? 'varint']),
  uint64: (opts: { encoding?: Int64Encoding } = {}) => leaf<number | bigint>('uint64', UINT64_IDS[opts.encoding ?? 'varint']),
  float16: () => leaf<number>('float16', TypeId.FLOAT16),
  bfloat16: () => leaf<number>('bfloat16', TypeId.BFLOAT16),
  float32: () => leaf<number>('float32', TypeId.FLOAT32),
  float64: () => leaf<number>('float64', TypeId.FLOAT64),
  string: () => leaf<string>('string', TypeId.STRING),
  binary: () => leaf<Uint8Array>('binary', TypeId.BINARY),
  boolArray: () => leaf<BoolArray>('array<bool>', TypeId.BOOL_ARRAY),
  int8Array: () => leaf<Int8Array>('array<int8>', TypeId.INT8_ARRAY),
  int16Array: () => leaf<Int16Array>('array<int16>', TypeId.INT16_ARRAY),
  int32Array: () => leaf<Int32Array>('array<int32>', TypeId.INT32_ARRAY),
  int64Array: () => leaf<BigInt64Array>('array<int64>', TypeId.INT64_ARRAY),
  uint8Array: () => leaf<Uint8ClampedArray>('array<uint8>', TypeId.UINT8_ARRAY),
  uint16Array: () => leaf<Uint16Array>('array<uint16>', TypeId.UINT16_ARRAY),
  uint32Array: () => leaf<Uint32Array>('array<uint32>', TypeId.UINT32_ARRAY),
  uint64Array: () => leaf<BigUint64Array>('array<uint64>', TypeId.UINT64_ARRAY),
  float16Array: () => leaf<Float16Array>('array<float16>', TypeId.FLOAT16_ARRAY),
  bfloat16Array: () => leaf<BFloat16Array>('array<bfloat16>', TypeId.BFLOAT16_ARRAY),
  float32Array: () => leaf<Float32Array>('array<float32>', TypeId.FLOAT32_ARRAY),
  float64Array: () => leaf<Float64Array>('array<float64>', TypeId.FLOAT64_ARRAY),
  timestamp: () => leaf<Date | Timestamp>('timestamp', TypeId.TIMESTAMP),
  date: () => leaf<LocalDate>('date', TypeId.DATE),
  duration: () => leaf<Duration>('duration', TypeId.DURATION),
  decimal: () => leaf<Decimal>('decimal', TypeId.DECIMAL),
  list: <E extends TypeSpec>(element: E) => spec<Array<Infer<E>>>('list', TypeId.LIST, { element }),
  set: <E extends TypeSpec>(element: E) => spec<Set<Infer<E>>>('set', TypeId.SET, { element }),
  map: <K extends TypeSpec, V extends TypeSpec>(key: K, value: V) =>
    spec<Map<Infer<K>, Infer<V>>>('map', TypeId.MAP, { key, value }),
  ...UserTypes,
} as const;
