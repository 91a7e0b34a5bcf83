/**
 * Internal xlang type ids — the one place they are defined.
 * Spec: xlang_serialization_spec.md, "Internal Type ID Table".
 */
export const TypeId = {
  UNKNOWN: 0,
  BOOL: 1,
  INT8: 2,
  INT16: 3,
  /** fixed-width 32-bit signed int */
  INT32: 4,
  /** zigzag varint 32-bit signed int (the default int32 encoding) */
  VARINT32: 5,
  /** fixed-width 64-bit signed int */
  INT64: 6,
  /** zigzag PVL varint 64-bit signed int (the default int64 encoding) */
  VARINT64: 7,
  TAGGED_INT64: 8,
  UINT8: 9,
  UINT16: 10,
  UINT32: 11,
  VAR_UINT32: 12,
  UINT64: 13,
  VAR_UINT64: 14,
  TAGGED_UINT64: 15,
  FLOAT8: 16,
  FLOAT16: 17,
  BFLOAT16: 18,
  FLOAT32: 19,
  FLOAT64: 20,
  STRING: 21,
  LIST: 22,
  SET: 23,
  MAP: 24,
  ENUM: 25,
  NAMED_ENUM: 26,
  STRUCT: 27,
  COMPATIBLE_STRUCT: 28,
  NAMED_STRUCT: 29,
  NAMED_COMPATIBLE_STRUCT: 30,
  EXT: 31,
  NAMED_EXT: 32,
  UNION: 33,
  TYPED_UNION: 34,
  NAMED_UNION: 35,
  NONE: 36,
  DURATION: 37,
  TIMESTAMP: 38,
  DATE: 39,
  DECIMAL: 40,
  BINARY: 41,
  ARRAY: 42,
  BOOL_ARRAY: 43,
  INT8_ARRAY: 44,
  INT16_ARRAY: 45,
  INT32_ARRAY: 46,
  INT64_ARRAY: 47,
  UINT8_ARRAY: 48,
  UINT16_ARRAY: 49,
  UINT32_ARRAY: 50,
  UINT64_ARRAY: 51,
  FLOAT8_ARRAY: 52,
  FLOAT16_ARRAY: 53,
  BFLOAT16_ARRAY: 54,
  FLOAT32_ARRAY: 55,
  FLOAT64_ARRAY: 56,
} as const;

export type TypeIdName = keyof typeof TypeId;
export type TypeIdValue = (typeof TypeId)[TypeIdName];

/** Highest internal type id defined by the spec; ids above it are unknown to this implementation. */
export const MAX_INTERNAL_TYPE_ID = TypeId.FLOAT64_ARRAY;

const NAMES: string[] = [];
for (const [name, id] of Object.entries(TypeId)) NAMES[id] = name;

/** Human-readable name of an internal type id, for errors and tools. */
export function typeIdName(id: number): string {
  return NAMES[id] ?? `UNKNOWN_TYPE_${id}`;
}

/** Kinds followed by a varuint32 user type id (spec "Type ID encoding"). */
export function hasUserTypeId(id: number): boolean {
  return (
    id === TypeId.ENUM ||
    id === TypeId.STRUCT ||
    id === TypeId.COMPATIBLE_STRUCT ||
    id === TypeId.EXT ||
    id === TypeId.TYPED_UNION
  );
}

/** Kinds identified by namespace + type name (or a shared TypeDef). */
export function isNamedKind(id: number): boolean {
  return (
    id === TypeId.NAMED_ENUM ||
    id === TypeId.NAMED_STRUCT ||
    id === TypeId.NAMED_COMPATIBLE_STRUCT ||
    id === TypeId.NAMED_EXT ||
    id === TypeId.NAMED_UNION
  );
}

/** User-defined kinds (registered by id or by name). */
export function isUserKind(id: number): boolean {
  return hasUserTypeId(id) || isNamedKind(id) || id === TypeId.UNION;
}
