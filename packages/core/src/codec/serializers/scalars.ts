/**
 * Scalar serializers: bool, every integer width and encoding, floats.
 * Spec: "Value Format" → "Basic types". Scalars never take part in reference tracking.
 */
import { UnsupportedValueError } from '../../errors.js';
import { TypeId } from '../../meta/type-ids.js';
import { MAX_INT64, MAX_UINT64, MIN_INT64 } from '../../wire/ranges.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import type { WriteContext } from '../write-context.js';


function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (typeof value === 'number') return `number ${value}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** A 32-bit-or-narrower integer in [min, max], from an integral number or a bigint. */
export function toSmallInt(value: unknown, min: number, max: number, type: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= min && value <= max) return value;
  } else if (typeof value === 'bigint') {
    if (value >= BigInt(min) && value <= BigInt(max)) return Number(value);
  }
  throw new UnsupportedValueError(`${describe(value)} is not a valid ${type} (${min}..${max})`);
}

/** An int64 as a safe-integer number or an in-range bigint. */
export function toInt64(value: unknown, type = 'int64'): number | bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
  } else if (typeof value === 'bigint') {
    if (value >= MIN_INT64 && value <= MAX_INT64) return value;
  }
  throw new UnsupportedValueError(`${describe(value)} is not a valid ${type} (a safe integer or a bigint in int64 range)`);
}

/** A uint64 as a non-negative safe-integer number or an in-range bigint. */
export function toUint64(value: unknown, type = 'uint64'): number | bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
  } else if (typeof value === 'bigint') {
    if (value >= 0n && value <= MAX_UINT64) return value;
  }
  throw new UnsupportedValueError(`${describe(value)} is not a valid ${type} (a non-negative safe integer or a bigint below 2^64)`);
}

function toNumber(value: unknown, type: string): number {
  if (typeof value === 'number') return value;
  throw new UnsupportedValueError(`${describe(value)} is not a valid ${type}`);
}

function int64Result(ctx: ReadContext, v: number | bigint): number | bigint {
  return ctx.options.int64 === 'bigint' && typeof v === 'number' ? BigInt(v) : v;
}

function scalar<T>(
  typeId: number,
  name: string,
  write: (ctx: WriteContext, value: unknown) => void,
  read: (ctx: ReadContext) => T,
): Serializer<T> {
  return { typeId, name, trackRef: false, write, read };
}

export const boolSerializer = scalar(
  TypeId.BOOL,
  'bool',
  (ctx, v) => {
    if (typeof v !== 'boolean') throw new UnsupportedValueError(`${describe(v)} is not a valid bool`);
    ctx.writer.writeUint8(v ? 1 : 0);
  },
  (ctx) => ctx.reader.readBool(),
);

export const int8Serializer = scalar(
  TypeId.INT8,
  'int8',
  (ctx, v) => ctx.writer.writeInt8(toSmallInt(v, -0x80, 0x7f, 'int8')),
  (ctx) => ctx.reader.readInt8(),
);

export const int16Serializer = scalar(
  TypeId.INT16,
  'int16',
  (ctx, v) => ctx.writer.writeInt16(toSmallInt(v, -0x8000, 0x7fff, 'int16')),
  (ctx) => ctx.reader.readInt16(),
);

export const fixedInt32Serializer = scalar(
  TypeId.INT32,
  'fixed int32',
  (ctx, v) => ctx.writer.writeInt32(toSmallInt(v, -0x80000000, 0x7fffffff, 'int32')),
  (ctx) => ctx.reader.readInt32(),
);

export const varInt32Serializer = scalar(
  TypeId.VARINT32,
  'int32',
  (ctx, v) => ctx.writer.writeVarInt32(toSmallInt(v, -0x80000000, 0x7fffffff, 'int32')),
  (ctx) => ctx.reader.readVarInt32(),
);

export const fixedInt64Serializer = scalar(
  TypeId.INT64,
  'fixed int64',
  (ctx, v) => ctx.writer.writeInt64(toInt64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readInt64()),
);

export const varInt64Serializer = scalar(
  TypeId.VARINT64,
  'int64',
  (ctx, v) => ctx.writer.writeVarInt64(toInt64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readVarInt64()),
);

export const taggedInt64Serializer = scalar(
  TypeId.TAGGED_INT64,
  'tagged int64',
  (ctx, v) => ctx.writer.writeTaggedInt64(toInt64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readTaggedInt64()),
);

export const uint8Serializer = scalar(
  TypeId.UINT8,
  'uint8',
  (ctx, v) => ctx.writer.writeUint8(toSmallInt(v, 0, 0xff, 'uint8')),
  (ctx) => ctx.reader.readUint8(),
);

export const uint16Serializer = scalar(
  TypeId.UINT16,
  'uint16',
  (ctx, v) => ctx.writer.writeUint16(toSmallInt(v, 0, 0xffff, 'uint16')),
  (ctx) => ctx.reader.readUint16(),
);

export const fixedUint32Serializer = scalar(
  TypeId.UINT32,
  'fixed uint32',
  (ctx, v) => ctx.writer.writeUint32(toSmallInt(v, 0, 0xffffffff, 'uint32')),
  (ctx) => ctx.reader.readUint32(),
);

export const varUint32Serializer = scalar(
  TypeId.VAR_UINT32,
  'uint32',
  (ctx, v) => ctx.writer.writeVarUint32(toSmallInt(v, 0, 0xffffffff, 'uint32')),
  (ctx) => ctx.reader.readVarUint32(),
);

export const fixedUint64Serializer = scalar(
  TypeId.UINT64,
  'fixed uint64',
  (ctx, v) => ctx.writer.writeUint64(toUint64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readUint64()),
);

export const varUint64Serializer = scalar(
  TypeId.VAR_UINT64,
  'uint64',
  (ctx, v) => ctx.writer.writeVarUint64(toUint64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readVarUint64()),
);

export const taggedUint64Serializer = scalar(
  TypeId.TAGGED_UINT64,
  'tagged uint64',
  (ctx, v) => ctx.writer.writeTaggedUint64(toUint64(v)),
  (ctx) => int64Result(ctx, ctx.reader.readTaggedUint64()),
);

export const float16Serializer = scalar(
  TypeId.FLOAT16,
  'float16',
  (ctx, v) => ctx.writer.writeFloat16(toNumber(v, 'float16')),
  (ctx) => ctx.reader.readFloat16(),
);

export const bfloat16Serializer = scalar(
  TypeId.BFLOAT16,
  'bfloat16',
  (ctx, v) => ctx.writer.writeBFloat16(toNumber(v, 'bfloat16')),
  (ctx) => ctx.reader.readBFloat16(),
);

export const float32Serializer = scalar(
  TypeId.FLOAT32,
  'float32',
  (ctx, v) => ctx.writer.writeFloat32(toNumber(v, 'float32')),
  (ctx) => ctx.reader.readFloat32(),
);

export const float64Serializer = scalar(
  TypeId.FLOAT64,
  'float64',
  (ctx, v) => ctx.writer.writeFloat64(toNumber(v, 'float64')),
  (ctx) => ctx.reader.readFloat64(),
);

/** NONE (spec "none"): an empty value with no payload; reads as null. */
export const noneSerializer = scalar(
  TypeId.NONE,
  'none',
  (_ctx, v) => {
    if (v !== null && v !== undefined) throw new UnsupportedValueError(`${describe(v)} is not a valid none (only null)`);
  },
  (ctx) => ctx.options.none,
);
