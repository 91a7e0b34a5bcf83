/**
 * The `Type` builder: one declaration gives the wire type and the TypeScript type (zod-style).
 * This module holds only descriptions; the codec turns them into serializers.
 */
import { TypeId } from '../meta/type-ids.js';
import type { BFloat16Array, BoolArray, Float16Array } from '../values/arrays.js';
import type { Decimal } from '../values/decimal.js';
import type { Duration, LocalDate, Timestamp } from '../values/temporal.js';

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

const INT32_IDS = { varint: TypeId.VARINT32, fixed: TypeId.INT32 } as const;
const UINT32_IDS = { varint: TypeId.VAR_UINT32, fixed: TypeId.UINT32 } as const;
const INT64_IDS = { varint: TypeId.VARINT64, fixed: TypeId.INT64, tagged: TypeId.TAGGED_INT64 } as const;
const UINT64_IDS = { varint: TypeId.VAR_UINT64, fixed: TypeId.UINT64, tagged: TypeId.TAGGED_UINT64 } as const;

export const Type = {
  /** Dynamic: the type is inferred from the value when writing and read from the wire. */
  any: () => spec<unknown>('any', TypeId.UNKNOWN),
  none: () => spec<null>('none', TypeId.NONE),
  bool: () => spec<boolean>('bool', TypeId.BOOL),
  int8: () => spec<number>('int8', TypeId.INT8),
  int16: () => spec<number>('int16', TypeId.INT16),
  /** Default encoding: zigzag varint (`VARINT32`); `fixed` writes 4 bytes (`INT32`). */
  int32: (opts: { encoding?: Int32Encoding } = {}) => spec<number>('int32', INT32_IDS[opts.encoding ?? 'varint']),
  /** Default encoding: zigzag PVL varint (`VARINT64`); also `fixed` (`INT64`) and `tagged` (`TAGGED_INT64`). */
  int64: (opts: { encoding?: Int64Encoding } = {}) => spec<number | bigint>('int64', INT64_IDS[opts.encoding ?? 'varint']),
  uint8: () => spec<number>('uint8', TypeId.UINT8),
  uint16: () => spec<number>('uint16', TypeId.UINT16),
  uint32: (opts: { encoding?: Int32Encoding } = {}) => spec<number>('uint32', UINT32_IDS[opts.encoding ?? 'varint']),
  uint64: (opts: { encoding?: Int64Encoding } = {}) => spec<number | bigint>('uint64', UINT64_IDS[opts.encoding ?? 'varint']),
  float16: () => spec<number>('float16', TypeId.FLOAT16),
  bfloat16: () => spec<number>('bfloat16', TypeId.BFLOAT16),
  float32: () => spec<number>('float32', TypeId.FLOAT32),
  float64: () => spec<number>('float64', TypeId.FLOAT64),
  string: () => spec<string>('string', TypeId.STRING),
  binary: () => spec<Uint8Array>('binary', TypeId.BINARY),
  boolArray: () => spec<BoolArray>('array<bool>', TypeId.BOOL_ARRAY),
  int8Array: () => spec<Int8Array>('array<int8>', TypeId.INT8_ARRAY),
  int16Array: () => spec<Int16Array>('array<int16>', TypeId.INT16_ARRAY),
  int32Array: () => spec<Int32Array>('array<int32>', TypeId.INT32_ARRAY),
  int64Array: () => spec<BigInt64Array>('array<int64>', TypeId.INT64_ARRAY),
  uint8Array: () => spec<Uint8ClampedArray>('array<uint8>', TypeId.UINT8_ARRAY),
  uint16Array: () => spec<Uint16Array>('array<uint16>', TypeId.UINT16_ARRAY),
  uint32Array: () => spec<Uint32Array>('array<uint32>', TypeId.UINT32_ARRAY),
  uint64Array: () => spec<BigUint64Array>('array<uint64>', TypeId.UINT64_ARRAY),
  float16Array: () => spec<Float16Array>('array<float16>', TypeId.FLOAT16_ARRAY),
  bfloat16Array: () => spec<BFloat16Array>('array<bfloat16>', TypeId.BFLOAT16_ARRAY),
  float32Array: () => spec<Float32Array>('array<float32>', TypeId.FLOAT32_ARRAY),
  float64Array: () => spec<Float64Array>('array<float64>', TypeId.FLOAT64_ARRAY),
  timestamp: () => spec<Date | Timestamp>('timestamp', TypeId.TIMESTAMP),
  date: () => spec<LocalDate>('date', TypeId.DATE),
  duration: () => spec<Duration>('duration', TypeId.DURATION),
  decimal: () => spec<Decimal>('decimal', TypeId.DECIMAL),
  list: <E extends TypeSpec>(element: E) => spec<Array<Infer<E>>>('list', TypeId.LIST, { element }),
  set: <E extends TypeSpec>(element: E) => spec<Set<Infer<E>>>('set', TypeId.SET, { element }),
  map: <K extends TypeSpec, V extends TypeSpec>(key: K, value: V) =>
    spec<Map<Infer<K>, Infer<V>>>('map', TypeId.MAP, { key, value }),
} as const;
