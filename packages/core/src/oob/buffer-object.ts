/**
 * Out-of-band buffer objects (seed "Zero-Copy Serialization"; runtime-notes "Buffer objects").
 * With a buffer callback, every binary value and dense array is offered to the callback as a
 * BufferObject: returning true keeps it in the payload, false sends it out-of-band — the caller
 * transports `toBuffer()` separately and passes the buffers back to `deserialize` in the same order.
 */

import { LITTLE_ENDIAN, swapBytes } from '../wire/ranges.js';

export class BufferObject {
  /** The caller's memory, as bytes (a view, never a copy). */
  private readonly bytes: Uint8Array;

  /** @internal Created by the serializer for each binary value or dense array. */
  constructor(
    view: ArrayBufferView,
    /** Bytes per element (1 for binary); multi-byte elements are little-endian on the wire. */
    readonly elementSize: number,
  ) {
    this.bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }

  /** Size of this buffer's content in bytes. */
  get totalBytes(): number {
    return this.bytes.byteLength;
  }

  /** Copy the content into `target` at `offset` (little-endian element order). */
  writeTo(target: Uint8Array, offset = 0): void {
    if (offset < 0 || offset + this.bytes.byteLength > target.byteLength) {
      throw new RangeError(`BufferObject of ${this.bytes.byteLength} bytes does not fit at offset ${offset} of ${target.byteLength}`);
    }
    target.set(this.bytes, offset);
    if (!LITTLE_ENDIAN && this.elementSize > 1) swapBytes(target.subarray(offset, offset + this.bytes.byteLength), this.elementSize);
  }

  /**
   * The content as bytes: a view on the caller's memory (zero copy) on little-endian hosts, which is
   * every platform JavaScript runs on in practice; a swapped copy on a big-endian host.
   */
  toBuffer(): Uint8Array {
    if (LITTLE_ENDIAN || this.elementSize === 1) return this.bytes;
    const copy = this.bytes.slice();
    swapBytes(copy, this.elementSize);
    return copy;
  }
}


/** A buffer callback: return true to keep the buffer in-band, false to send it out-of-band. */
export type BufferCallback = (buffer: BufferObject) => boolean;

/** Policy: buffers larger than `bytes` go out-of-band, smaller ones stay in the payload. */
export function outOfBandAbove(bytes: number): BufferCallback {
  if (!(bytes >= 0)) throw new RangeError(`outOfBandAbove needs a non-negative byte count, got ${bytes}`);
  return (buffer) => buffer.totalBytes <= bytes;
}

/** What a buffer supplied to `deserialize` may be: bytes, an ArrayBuffer, or any typed-array view. */
export type SuppliedBuffer = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * A plain Uint8Array over the same memory. Node's Buffer is a Uint8Array whose `slice()` returns a
 * view instead of a copy, so decoders normalize it first (copies must be copies).
 */
export function asBytes(b: SuppliedBuffer): Uint8Array {
  if (b instanceof Uint8Array) return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  throw new TypeError('Out-of-band buffers must be Uint8Array, ArrayBuffer or typed-array views');
}
