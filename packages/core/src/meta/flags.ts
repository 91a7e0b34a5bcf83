/**
 * Wire flags and bit layouts — the one place they are defined.
 */

/** Root header bitmap (spec "Fory header"; runtime-notes: bit 0 = xlang, bit 1 = out-of-band). */
export const HeaderFlag = {
  XLANG: 0x01,
  OUT_OF_BAND: 0x02,
  /** Bits 2-7 are reserved and must be zero. */
  RESERVED_MASK: 0xfc,
} as const;

/** Reference meta flags, written as int8 (spec "Reference Flags"). */
export const RefFlag = {
  NULL: -3,
  REF: -2,
  NOT_NULL_VALUE: -1,
  REF_VALUE: 0,
} as const;

/** The same flags as unsigned bytes, for byte comparisons on the hot path. */
export const RefByte = {
  NULL: 0xfd,
  REF: 0xfe,
  NOT_NULL_VALUE: 0xff,
  REF_VALUE: 0x00,
} as const;

/** List/set elements header bits (spec "collection/list" → "Elements Header"). */
export const CollectionFlag = {
  TRACK_REF: 0x01,
  HAS_NULL: 0x02,
  DECL_ELEMENT_TYPE: 0x04,
  SAME_TYPE: 0x08,
  /** Bits 4-7 are reserved. */
  RESERVED_MASK: 0xf0,
} as const;

/** Map chunk KV header bits (spec "map" → "KV Header Bits"). */
export const MapFlag = {
  KEY_TRACK_REF: 0x01,
  KEY_HAS_NULL: 0x02,
  KEY_DECL_TYPE: 0x04,
  VALUE_TRACK_REF: 0x08,
  VALUE_HAS_NULL: 0x10,
  VALUE_DECL_TYPE: 0x20,
  RESERVED_MASK: 0xc0,
} as const;

/** Maximum number of pairs in one map chunk (its size is one byte). */
export const MAP_MAX_CHUNK_SIZE = 255;

/** String header encoding (low 2 bits of the varuint36_small header, spec "String Header"). */
export const StringEncoding = {
  LATIN1: 0,
  UTF16: 1,
  UTF8: 2,
} as const;

/** Meta string encodings (spec "Meta String" → "Encoding Type IDs"). */
export const MetaStringEncoding = {
  UTF8: 0,
  LOWER_SPECIAL: 1,
  LOWER_UPPER_DIGIT_SPECIAL: 2,
  FIRST_TO_LOWER_SPECIAL: 3,
  ALL_TO_LOWER_SPECIAL: 4,
} as const;
export type MetaStringEncodingValue = (typeof MetaStringEncoding)[keyof typeof MetaStringEncoding];
