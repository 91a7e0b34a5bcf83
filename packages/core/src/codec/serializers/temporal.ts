/**
 * Temporal and decimal serializers. Spec: "duration", "timestamp", "date", "decimal".
 */
import { InvalidDataError, LimitExceededError, UnsupportedValueError } from '../../errors.js';
import { DECIMAL_MAX_ABS_SCALE } from '../../limits.js';
import { TypeId } from '../../meta/type-ids.js';
import { Decimal } from '../../values/decimal.js';
import { Duration, LocalDate, NANOS_PER_SECOND, Timestamp } from '../../values/temporal.js';
import { MAX_INT64, MIN_INT64 } from '../../wire/ranges.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import type { WriteContext } from '../write-context.js';


function checkSeconds(seconds: bigint, type: string): void {
  if (seconds < MIN_INT64 || seconds > MAX_INT64) throw new UnsupportedValueError(`${type} seconds ${seconds} exceed int64`);
}

/** `| varint64 seconds | int32 nanos |`, nanos normalized into [0, 1e9). */
export const durationSerializer: Serializer<Duration> = {
  typeId: TypeId.DURATION,
  name: 'duration',
  trackRef: false,
  write(ctx: WriteContext, value: unknown): void {
    if (!(value instanceof Duration)) throw new UnsupportedValueError('duration values must be Duration instances');
    checkSeconds(value.seconds, 'duration');
    ctx.writer.writeVarInt64(value.seconds);
    ctx.writer.writeInt32(value.nanos);
  },
  read(ctx: ReadContext): Duration {
    const r = ctx.reader;
    const seconds = r.readVarInt64();
    const at = r.pos;
    const nanos = r.readInt32();
    if (nanos < 0 || nanos >= NANOS_PER_SECOND) throw new InvalidDataError(`duration nanos ${nanos} outside [0, 1e9)`, at);
    return new Duration(BigInt(seconds), nanos);
  },
};

/**
 * `| int64 seconds | uint32 nanos |`. Written from `Date` or `Timestamp`; read as `Date` when that is
 * exact, `Timestamp` otherwise.
 */
export const timestampSerializer: Serializer<Date | Timestamp> = {
  typeId: TypeId.TIMESTAMP,
  name: 'timestamp',
  trackRef: false,
  write(ctx: WriteContext, value: unknown): void {
    let seconds: number | bigint;
    let nanos: number;
    if (value instanceof Date) {
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw new UnsupportedValueError('Invalid Date cannot be written as a timestamp');
      seconds = Math.floor(ms / 1000);
      nanos = (ms - seconds * 1000) * 1_000_000;
    } else if (value instanceof Timestamp) {
      checkSeconds(value.seconds, 'timestamp');
      seconds = value.seconds;
      nanos = value.nanos;
    } else {
      throw new UnsupportedValueError('timestamp values must be Date or Timestamp instances');
    }
    ctx.writer.writeInt64(seconds);
    ctx.writer.writeUint32(nanos);
  },
  read(ctx: ReadContext): Date | Timestamp {
    const r = ctx.reader;
    const seconds = r.readInt64();
    const at = r.pos;
    const nanos = r.readUint32();
    if (nanos >= NANOS_PER_SECOND) throw new InvalidDataError(`timestamp nanos ${nanos} outside [0, 1e9)`, at);
    if (typeof seconds === 'number' && nanos % 1_000_000 === 0) {
      const ms = seconds * 1000 + nanos / 1_000_000;
      if (Math.abs(ms) <= 8.64e15) return new Date(ms);
    }
    return new Timestamp(BigInt(seconds), nanos);
  },
};

/** `| varint64 days since 1970-01-01 |`. */
export const dateSerializer: Serializer<LocalDate> = {
  typeId: TypeId.DATE,
  name: 'date',
  trackRef: false,
  write(ctx: WriteContext, value: unknown): void {
    if (!(value instanceof LocalDate)) throw new UnsupportedValueError('date values must be LocalDate instances');
    ctx.writer.writeVarInt64(value.epochDay);
  },
  read(ctx: ReadContext): LocalDate {
    const at = ctx.reader.pos;
    const days = ctx.reader.readVarInt64();
    if (typeof days !== 'number') throw new InvalidDataError(`date epoch day ${days} out of range`, at);
    return new LocalDate(days);
  },
};

/**
 * `| varint32 scale | varuint64 unscaledHeader | [magnitude bytes] |` — small form
 * `zigzag(unscaled) << 1` when zigzag fits 63 bits, otherwise `((len << 1 | sign) << 1) | 1` and the
 * minimal little-endian magnitude.
 */
export const decimalSerializer: Serializer<Decimal> = {
  typeId: TypeId.DECIMAL,
  name: 'decimal',
  trackRef: false,
  write(ctx: WriteContext, value: unknown): void {
    if (!(value instanceof Decimal)) throw new UnsupportedValueError('decimal values must be Decimal instances');
    if (Math.abs(value.scale) > DECIMAL_MAX_ABS_SCALE) {
      throw new UnsupportedValueError(`decimal scale ${value.scale} outside ±${DECIMAL_MAX_ABS_SCALE}`);
    }
    const w = ctx.writer;
    w.writeVarInt32(value.scale);
    const u = value.unscaled;
    const zigzag = u >= 0n ? u << 1n : ((-u) << 1n) - 1n;
    if (zigzag < 1n << 63n) {
      w.writeVarUint64(zigzag << 1n);
      return;
    }
    const negative = u < 0n;
    let magnitude = negative ? -u : u;
    const bytes: number[] = [];
    while (magnitude > 0n) {
      bytes.push(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    if (bytes.length > ctx.limits.maxDecimalBytes) {
      throw new UnsupportedValueError(`decimal magnitude of ${bytes.length} bytes exceeds ${ctx.limits.maxDecimalBytes}`);
    }
    const meta = BigInt(bytes.length * 2 + (negative ? 1 : 0));
    w.writeVarUint64((meta << 1n) | 1n);
    w.writeBytes(Uint8Array.from(bytes));
  },
  read(ctx: ReadContext): Decimal {
    const r = ctx.reader;
    const scaleAt = r.pos;
    const scale = r.readVarInt32();
    if (Math.abs(scale) > DECIMAL_MAX_ABS_SCALE) throw new InvalidDataError(`decimal scale ${scale} outside ±${DECIMAL_MAX_ABS_SCALE}`, scaleAt);
    const at = r.pos;
    const header = BigInt(r.readVarUint64());
    if ((header & 1n) === 0n) {
      const zigzag = header >> 1n;
      return new Decimal((zigzag >> 1n) ^ -(zigzag & 1n), scale);
    }
    const meta = header >> 1n;
    const negative = (meta & 1n) === 1n;
    const len = Number(meta >> 1n);
    if (len > ctx.limits.maxDecimalBytes) throw new LimitExceededError('maxDecimalBytes', len, ctx.limits.maxDecimalBytes, at);
    if (len === 0) throw new InvalidDataError('decimal big encoding with zero length', at);
    const bytes = r.readView(len, 'decimal magnitude');
    if (bytes[len - 1] === 0) throw new InvalidDataError('decimal magnitude is not minimal', at);
    let magnitude = 0n;
    for (let i = len - 1; i >= 0; i--) magnitude = (magnitude << 8n) | BigInt(bytes[i]!);
    return new Decimal(negative ? -magnitude : magnitude, scale);
  },
};
