/**
 * ByteWriter: one growing buffer, little-endian, no per-value allocation.
 * Spec: xlang_serialization_spec.md, "Value Format" → "Basic types".
 */
import { StringEncoding } from '../meta/flags.js';
import { float16Bits, bfloat16Bits } from './float16.js';
import { bytePool, POOLED_MAX_BYTES } from './byte-pool.js';
import { MAX_UINT64 } from './ranges.js';
import { utf8Length, writeUtf8 } from './utf8.js';

const TWO_32 = 4294967296;
/** Numbers below this magnitude zigzag and varint-encode exactly with float arithmetic. */
const SAFE_VARINT_NUMBER = 2 ** 52;

/** Payloads from this size on may take the writer's buffer instead of a copy (see toBytes). */
const HANDOFF_MIN_BYTES = 256 * 1024;
const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(NO_BYTES.buffer);
const NO_WORDS = new Int32Array(0);

export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  /** `buf` as 4-byte words (its buffer is always a fresh ArrayBuffer, so offset 0), for toBytes. */
  private words: Int32Array;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
    this.words = new Int32Array(this.buf.buffer, 0, initialCapacity >> 2);
  }

  /** Start a new payload, keeping the allocated buffer for reuse. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * The written bytes, owned by the caller (the writer never touches them again). Small payloads
   * are copied into the byte pool: no ArrayBuffer is allocated per payload (see wire/byte-pool.ts).
   * A large payload that fills most of the buffer takes the buffer itself instead of a copy, and
   * the writer starts over with a new buffer of the same size when it next writes.
   */
  toBytes(): Uint8Array {
    const n = this.pos;
    if (n <= POOLED_MAX_BYTES) {
      const at = bytePool.copyFromStart(this.buf, this.words, n);
      return new Uint8Array(bytePool.buffer, at, n);
    }
    const capacity = this.buf.length;
    if (n < HANDOFF_MIN_BYTES || n < capacity - (capacity >> 2)) return this.buf.slice(0, n);
    const out = this.buf.subarray(0, n);
    this.minCapacity = capacity;
    this.buf = NO_BYTES;
    this.view = NO_VIEW;
    this.words = NO_WORDS;
    this.pos = 0;
    return out;
  }

  /** After a hand-off (see toBytes): the capacity of the next buffer. */
  private minCapacity = 0;

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const needed = this.pos + n;
    let capacity = Math.max(this.buf.length * 2, this.minCapacity);
    if (capacity < needed) capacity = needed;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.words = new Int32Array(next.buffer, 0, capacity >> 2);
  }

  writeUint8(v: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = v;
  }

  writeInt8(v: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = v & 0xff;
  }

  writeBool(v: boolean): void {
    this.writeUint8(v ? 1 : 0);
  }

  writeInt16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, v, true);
    this.pos += 2;
  }

  writeUint16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  writeInt32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  writeUint32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  /** Fixed 8-byte two's-complement int64 from a safe-integer number or a bigint. */
  writeInt64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'number') {
      const hi = Math.floor(v / TWO_32);
      this.view.setUint32(this.pos, v - hi * TWO_32, true);
      this.view.setInt32(this.pos + 4, hi, true);
    } else {
      this.view.setBigInt64(this.pos, v, true);
    }
    this.pos += 8;
  }

  /** Fixed 8-byte uint64 from a non-negative safe-integer number or a bigint. */
  writeUint64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'number') {
      const hi = Math.floor(v / TWO_32);
      this.view.setUint32(this.pos, v - hi * TWO_32, true);
      this.view.setUint32(this.pos + 4, hi, true);
    } else {
      this.view.setBigUint64(this.pos, v, true);
    }
    this.pos += 8;
  }

  writeFloat16(v: number): void {
    this.writeUint16(float16Bits(v));
  }

  writeBFloat16(v: number): void {
    this.writeUint16(bfloat16Bits(v));
  }

  writeFloat32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  writeFloat64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Unsigned LEB128, 1-5 bytes, for values in [0, 2^32). Spec "unsigned varint32". */
  writeVarUint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    v >>>= 0;
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** ZigZag + varuint32. Spec "signed varint32". */
  writeVarInt32(v: number): void {
    this.writeVarUint32((v << 1) ^ (v >> 31));
  }

  /**
   * Unsigned PVL varint64, 1-9 bytes: eight 7-bit groups with continuation bits, then (if needed)
   * a ninth byte carrying the top 8 bits whole. Spec "unsigned varint64" (2^56..2^63-1 → 9 bytes).
   */
  writeVarUint64(v: number | bigint): void {
    if (typeof v === 'number' && v < SAFE_VARINT_NUMBER) {
      if (v < 0x80000000) {
        this.writeVarUint32(v);
        return;
      }
      this.ensure(9);
      const buf = this.buf;
      let pos = this.pos;
      while (v >= 0x80) {
        buf[pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      buf[pos++] = v;
      this.pos = pos;
      return;
    }
    this.writeVarUint64Big(BigInt(v));
  }

  private writeVarUint64Big(v: bigint): void {
    this.ensure(9);
    const buf = this.buf;
    let pos = this.pos;
    v &= MAX_UINT64;
    for (let i = 0; i < 8; i++) {
      if (v < 0x80n) {
        buf[pos++] = Number(v);
        this.pos = pos;
        return;
      }
      buf[pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    buf[pos++] = Number(v);
    this.pos = pos;
  }

  /** ZigZag + PVL varint64. Spec "signed varint64". */
  writeVarInt64(v: number | bigint): void {
    if (typeof v === 'number' && v > -SAFE_VARINT_NUMBER && v < SAFE_VARINT_NUMBER) {
      this.writeVarUint64(v >= 0 ? v * 2 : -v * 2 - 1);
      return;
    }
    const b = BigInt(v);
    this.writeVarUint64Big(b >= 0n ? b << 1n : ((-b) << 1n) - 1n);
  }

  /** Spec "signed hybrid int64 (TAGGED_INT64)": 4 bytes for [-2^30, 2^30-1], else 0x01 + 8 bytes. */
  writeTaggedInt64(v: number | bigint): void {
    if (typeof v === 'number' ? v >= -0x40000000 && v <= 0x3fffffff : v >= -0x40000000n && v <= 0x3fffffffn) {
      this.writeInt32(Number(v) << 1);
    } else {
      this.writeUint8(0x01);
      this.writeInt64(v);
    }
  }

  /** Spec "unsigned hybrid int64 (TAGGED_UINT64)": 4 bytes for [0, 2^31-1], else 0x01 + 8 bytes. */
  writeTaggedUint64(v: number | bigint): void {
    if (typeof v === 'number' ? v <= 0x7fffffff : v <= 0x7fffffffn) {
      this.writeInt32(Number(v) << 1);
    } else {
      this.writeUint8(0x01);
      this.writeUint64(v);
    }
  }

  /** Spec "VarUint36Small": the string header `(byteLength << 2) | encoding`. */
  writeVarUint36Small(v: number): void {
    this.writeVarUint64(v);
  }

  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * A string in Latin1 when every code unit is < 0x100 (one byte per char, as Java and pyfory write
   * such strings), otherwise in UTF-8 (the JavaScript row of spec "Encoding Selection by Language").
   */
  writeString(s: string): void {
    const n = s.length;
    if (n === 0) {
      this.writeUint8(0);
      return;
    }
    // Optimistic single pass: write as Latin1 (the header depends only on n), and fall back to
    // UTF-8 from scratch at the first char above 0xff.
    const start = this.pos;
    this.writeVarUint36Small(n * 4 + StringEncoding.LATIN1);
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) {
        this.pos = start;
        this.writeNonLatin1(s);
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  private writeNonLatin1(s: string): void {
    const byteLength = utf8Length(s);
    if (byteLength < 0) {
      this.writeUtf16(s);
      return;
    }
    this.writeVarUint36Small(byteLength * 4 + StringEncoding.UTF8);
    this.ensure(byteLength);
    this.pos = writeUtf8(s, this.buf, this.pos);
  }

  /** UTF-16LE, used for strings UTF-8 cannot carry losslessly (lone surrogates). */
  private writeUtf16(s: string): void {
    const n = s.length;
    this.writeVarUint36Small(n * 8 + StringEncoding.UTF16);
    this.ensure(n * 2);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      buf[pos++] = c & 0xff;
      buf[pos++] = c >>> 8;
    }
    this.pos = pos;
  }
}
