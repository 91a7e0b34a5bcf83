/**
 * Byte-shaped serializers: string, binary and the dense `*_ARRAY` types.
 * Spec: "string", "array" → "primitive array" (varuint32 byte length, then little-endian elements).
 */
import { InvalidDataError, LimitExceededError, UnsupportedValueError } from '../../errors.js';
import { TypeId } from '../../meta/type-ids.js';
import { BFloat16Array, BoolArray, Float16Array } from '../../values/arrays.js';
import { bytePool, POOLED_MAX_BYTES } from '../../wire/byte-pool.js';
import { LITTLE_ENDIAN, swapBytes } from '../../wire/ranges.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import type { WriteContext } from '../write-context.js';

export const stringSerializer: Serializer<string> = {
  typeId: TypeId.STRING,
  name: 'string',
  trackRef: false,
  write(ctx: WriteContext, value: unknown): void {
    if (typeof value !== 'string') throw new UnsupportedValueError(`${typeof value} is not a string`);
    ctx.writer.writeString(value);
  },
  read(ctx: ReadContext): string {
    return readString(ctx);
  },
};

export function readString(ctx: ReadContext): string {
  const r = ctx.reader;
  const at = r.pos;
  const header = r.readVarUint36Small();
  return r.readStringBody(header, at, ctx.limits.maxStringBytes);
}

/** Read a varuint32 byte length and check it against maxBinaryBytes and the remaining input. */
function readByteLength(ctx: ReadContext, what: string, elementSize: number): number {
  const r = ctx.reader;
  const at = r.pos;
  const n = r.readVarUint32();
  if (n > ctx.limits.maxBinaryBytes) throw new LimitExceededError('maxBinaryBytes', n, ctx.limits.maxBinaryBytes, at);
  if (n % elementSize !== 0) {
    throw new InvalidDataError(`${what} byte length ${n} is not a multiple of its element size ${elementSize}`, at);
  }
  r.checkReadable(n, what);
  return n;
}

export const binarySerializer: Serializer<Uint8Array> = {
  typeId: TypeId.BINARY,
  name: 'binary',
  trackRef: true,
  write(ctx: WriteContext, value: unknown): void {
    if (!(value instanceof Uint8Array)) throw new UnsupportedValueError(`${describeObject(value)} is not binary (Uint8Array)`);
    if (ctx.bufferCallback !== null) {
      ctx.writeBufferObject(value, 1);
      return;
    }
    ctx.writer.writeVarUint32(value.length);
    ctx.writer.writeBytes(value);
  },
  read(ctx: ReadContext): Uint8Array {
    if (ctx.oob) {
      const outOfBand = ctx.readBufferObjectFlag('binary');
      // Zero copy: the caller's buffer itself.
      if (outOfBand) return outOfBand;
    }
    const n = readByteLength(ctx, 'binary', 1);
    return ctx.zeroCopy ? ctx.reader.readView(n, 'binary') : ctx.reader.readCopy(n, 'binary');
  },
};

function describeObject(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

type TypedArrayCtor<T> = {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};


interface DenseLayout<T> {
  /** Bytes per element on the wire. */
  readonly width: number;
  /** The JavaScript carrier's name, for messages. */
  readonly carrier: string;
  accepts(value: unknown): value is T;
  /** Build the carrier over a fresh, aligned copy of the wire bytes starting at payload `offset`. */
  fromBytes(bytes: Uint8Array, offset: number): T;
  /** The carrier's element storage. */
  view(value: T): ArrayBufferView;
  /**
   * Build the carrier over `count` elements already copied (little-endian, aligned) to `byteOffset`
   * of `buffer` — the byte pool's slab; `offset` is their payload offset, for errors.
   */
  fromBuffer(buffer: ArrayBuffer, byteOffset: number, count: number, offset: number): T;
  /** For typed-array carriers: their index in TYPED_VIEW_KINDS (see typedView); otherwise absent. */
  readonly viewKind?: number;
}

/** The typed-array carriers typedView constructs, by kind index. */
const TYPED_VIEW_KINDS = [
  Int8Array, Int16Array, Int32Array, BigInt64Array, Uint8ClampedArray, Uint16Array, Uint32Array, BigUint64Array, Float32Array, Float64Array,
] as unknown as ReadonlyArray<TypedArrayCtor<ArrayBufferView>>;

/** Whether `value` is a typed array of kind `kind` (one instanceof site per carrier, as typedView). */
function isTypedKind(kind: number, value: unknown): boolean {
  switch (kind) {
    case 0: return value instanceof Int8Array;
    case 1: return value instanceof Int16Array;
    case 2: return value instanceof Int32Array;
    case 3: return value instanceof BigInt64Array;
    case 4: return value instanceof Uint8ClampedArray;
    case 5: return value instanceof Uint16Array;
    case 6: return value instanceof Uint32Array;
    case 7: return value instanceof BigUint64Array;
    case 8: return value instanceof Float32Array;
    default: return value instanceof Float64Array;
  }
}

/**
 * A typed-array view of kind `kind` (index in TYPED_VIEW_KINDS). One `new` site per carrier keeps
 * each construction monomorphic; one shared `new ctor(...)` is megamorphic across the dense types.
 */
function typedView(kind: number, buffer: ArrayBuffer, byteOffset: number, count: number): ArrayBufferView {
  switch (kind) {
    case 0: return new Int8Array(buffer, byteOffset, count);
    case 1: return new Int16Array(buffer, byteOffset, count);
    case 2: return new Int32Array(buffer, byteOffset, count);
    case 3: return new BigInt64Array(buffer, byteOffset, count);
    case 4: return new Uint8ClampedArray(buffer, byteOffset, count);
    case 5: return new Uint16Array(buffer, byteOffset, count);
    case 6: return new Uint32Array(buffer, byteOffset, count);
    case 7: return new BigUint64Array(buffer, byteOffset, count);
    case 8: return new Float32Array(buffer, byteOffset, count);
    default: return new Float64Array(buffer, byteOffset, count);
  }
}

function typedLayout<T extends ArrayBufferView>(ctor: TypedArrayCtor<T>): DenseLayout<T> {
  return {
    width: ctor.BYTES_PER_ELEMENT,
    carrier: ctor.name,
    accepts: (value: unknown): value is T => value instanceof (ctor as unknown as abstract new () => T),
    fromBuffer: (buffer, byteOffset, count) => new ctor(buffer, byteOffset, count),
    viewKind: TYPED_VIEW_KINDS.indexOf(ctor as unknown as TypedArrayCtor<ArrayBufferView>),
    fromBytes: (bytes) => new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / ctor.BYTES_PER_ELEMENT),
    view: (value) => value,
  };
}

/**
 * Zero-copy rule: a typed array can view bytes only when their offset is a multiple of the element
 * size (and, on a big-endian host, never: elements are little-endian on the wire). Otherwise copy.
 */
function alignedOrCopy(bytes: Uint8Array, width: number): Uint8Array {
  if (width === 1 || (LITTLE_ENDIAN && bytes.byteOffset % width === 0)) return bytes;
  return bytes.slice();
}

/** Serializer for a dense array: varuint32 byte length, then little-endian elements. */
function denseArraySerializer<T>(typeId: number, name: string, layout: DenseLayout<T>): Serializer<T> & { readonly elementWidth: number } {
  const width = layout.width;
  const viewKind = layout.viewKind ?? -1;
  return {
    typeId,
    name,
    trackRef: true,
    elementWidth: width,
    write(ctx: WriteContext, value: unknown): void {
      if (viewKind >= 0 ? !isTypedKind(viewKind, value) : !layout.accepts(value)) {
        throw new UnsupportedValueError(`${describeObject(value)} is not ${name} (${layout.carrier})`);
      }
      const view = viewKind >= 0 ? (value as ArrayBufferView) : layout.view(value as T);
      if (ctx.bufferCallback !== null && ctx.arraysAreBufferObjects) {
        ctx.writeBufferObject(view, width);
        return;
      }
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      ctx.writer.writeVarUint32(bytes.length);
      const start = ctx.writer.pos;
      ctx.writer.writeBytes(bytes);
      if (!LITTLE_ENDIAN && width > 1) swapBytes(ctx.writer.buf.subarray(start, start + bytes.length), width);
    },
    read(ctx: ReadContext): T {
      if (ctx.oob && ctx.arraysAreBufferObjects) {
        const at = ctx.reader.pos;
        const outOfBand = ctx.readBufferObjectFlag(name);
        if (outOfBand) {
          if (outOfBand.byteLength % width !== 0) {
            throw new InvalidDataError(`Out-of-band ${name} of ${outOfBand.byteLength} bytes is not a multiple of ${width}`, at);
          }
          const bytes = alignedOrCopy(outOfBand, width);
          if (!LITTLE_ENDIAN && width > 1) swapBytes(bytes, width);
          return layout.fromBytes(bytes, at);
        }
      }
      const n = readByteLength(ctx, name, width);
      const start = ctx.reader.pos;
      if (!ctx.zeroCopy && LITTLE_ENDIAN && n <= POOLED_MAX_BYTES) {
        // Small arrays: a copy into the byte pool (no ArrayBuffer allocated per array); readByteLength
        // has checked that the n bytes are there.
        const r = ctx.reader;
        const byteOffset = bytePool.copy(r.buf, start, n);
        r.pos = start + n;
        return viewKind >= 0
          ? (typedView(viewKind, bytePool.buffer, byteOffset, n / width) as T)
          : layout.fromBuffer(bytePool.buffer, byteOffset, n / width, start);
      }
      // Views when asked for and aligned; otherwise a fresh copy, which is aligned for any width.
      const bytes = ctx.zeroCopy ? alignedOrCopy(ctx.reader.readView(n, name), width) : ctx.reader.readCopy(n, name);
      // On a big-endian host `bytes` is always a copy here (see alignedOrCopy), so swapping is safe.
      if (!LITTLE_ENDIAN && width > 1) swapBytes(bytes, width);
      return layout.fromBytes(bytes, start);
    },
  };
}

export const boolArraySerializer = denseArraySerializer<BoolArray>(TypeId.BOOL_ARRAY, 'array<bool>', {
  width: 1,
  carrier: 'BoolArray',
  accepts: (v): v is BoolArray => v instanceof BoolArray,
  fromBytes: (bytes, offset) => {
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! > 1) throw new InvalidDataError(`Invalid bool byte ${bytes[i]} in array<bool> element ${i}`, offset + i);
    }
    return new BoolArray(bytes);
  },
  // The wire allows only 0 and 1: a BoolArray built over arbitrary bytes is normalized on write.
  view: (v) => (v.data.every((b) => b <= 1) ? v.data : v.data.map((b) => (b === 0 ? 0 : 1))),
  fromBuffer(buffer, byteOffset, count, offset) {
    return this.fromBytes(new Uint8Array(buffer, byteOffset, count), offset);
  },
});

export const int8ArraySerializer = denseArraySerializer(TypeId.INT8_ARRAY, 'array<int8>', typedLayout(Int8Array));
export const int16ArraySerializer = denseArraySerializer(TypeId.INT16_ARRAY, 'array<int16>', typedLayout(Int16Array));
export const int32ArraySerializer = denseArraySerializer(TypeId.INT32_ARRAY, 'array<int32>', typedLayout(Int32Array));
export const int64ArraySerializer = denseArraySerializer(TypeId.INT64_ARRAY, 'array<int64>', typedLayout(BigInt64Array));
/** array<uint8> is distinct from binary: its JavaScript carrier is Uint8ClampedArray (Uint8Array is binary). */
export const uint8ArraySerializer = denseArraySerializer(TypeId.UINT8_ARRAY, 'array<uint8>', typedLayout(Uint8ClampedArray));
export const uint16ArraySerializer = denseArraySerializer(TypeId.UINT16_ARRAY, 'array<uint16>', typedLayout(Uint16Array));
export const uint32ArraySerializer = denseArraySerializer(TypeId.UINT32_ARRAY, 'array<uint32>', typedLayout(Uint32Array));
export const uint64ArraySerializer = denseArraySerializer(TypeId.UINT64_ARRAY, 'array<uint64>', typedLayout(BigUint64Array));
export const float32ArraySerializer = denseArraySerializer(TypeId.FLOAT32_ARRAY, 'array<float32>', typedLayout(Float32Array));
export const float64ArraySerializer = denseArraySerializer(TypeId.FLOAT64_ARRAY, 'array<float64>', typedLayout(Float64Array));

function halfLayout<T extends Float16Array | BFloat16Array>(
  carrier: new (bits: Uint16Array) => T,
): DenseLayout<T> {
  return {
    width: 2,
    carrier: carrier.name,
    accepts: (v): v is T => v instanceof carrier,
    fromBytes: (bytes) => new carrier(new Uint16Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / 2)),
    view: (v) => v.data,
    fromBuffer: (buffer, byteOffset, count) => new carrier(new Uint16Array(buffer, byteOffset, count)),
  };
}
export const float16ArraySerializer = denseArraySerializer(TypeId.FLOAT16_ARRAY, 'array<float16>', halfLayout(Float16Array));
export const bfloat16ArraySerializer = denseArraySerializer(TypeId.BFLOAT16_ARRAY, 'array<bfloat16>', halfLayout(BFloat16Array));
