/**
 * ByteReader: bounds-checked little-endian reads over one payload.
 * Every read checks availability first and raises a typed error naming the offset; nothing is
 * allocated from an untrusted length before that check.
 */
import { InvalidDataError, LimitExceededError, TruncatedError } from '../errors.js';
import { StringEncoding } from '../meta/flags.js';
import { bfloat16ToNumber, float16ToNumber } from './float16.js';
import { LITTLE_ENDIAN, MAX_SAFE } from './ranges.js';
import { decodeLatin1, decodeUtf16, decodeUtf8 } from './utf8.js';

const TWO_32 = 4294967296;
/** One float cell viewed as bytes, for float reads without a DataView. */
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_F32 = new Float32Array(SCRATCH_F64.buffer, 0, 1);
const SCRATCH_BYTES = new Uint8Array(SCRATCH_F64.buffer);

export class ByteReader {
  buf: Uint8Array;
  private dataView: DataView | null = null;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array = new Uint8Array(0)) {
    this.buf = bytes;
    this.pos = 0;
    this.end = bytes.length;
  }

  /** Point the reader at a new payload. */
  reset(bytes: Uint8Array): void {
    this.buf = bytes;
    this.dataView = null;
    this.pos = 0;
    this.end = bytes.length;
  }

  /** Created on first use: payloads of strings and varints never need one. */
  get view(): DataView {
    return (this.dataView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** The byte-owner readability check (implementation guide "Stream And Buffer Byte Reads"). */
  checkReadable(n: number, what: string): void {
    if (n > this.end - this.pos) throw new TruncatedError(what, this.pos, n, this.end - this.pos);
  }

  readUint8(): number {
    if (this.pos >= this.end) throw new TruncatedError('uint8', this.pos, 1, 0);
    return this.buf[this.pos++]!;
  }

  readInt8(): number {
    if (this.pos >= this.end) throw new TruncatedError('int8', this.pos, 1, 0);
    return (this.buf[this.pos++]! << 24) >> 24;
  }

  readBool(): boolean {
    const at = this.pos;
    const b = this.readUint8();
    if (b > 1) throw new InvalidDataError(`Invalid bool byte 0x${b.toString(16)}`, at);
    return b === 1;
  }

  // Small fixed-width integers are assembled from bytes: no DataView needed for them.
  readInt16(): number {
    this.checkReadable(2, 'int16');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
  }

  readUint16(): number {
    this.checkReadable(2, 'uint16');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return b[p]! | (b[p + 1]! << 8);
  }

  readInt32(): number {
    this.checkReadable(4, 'int32');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  readUint32(): number {
    this.checkReadable(4, 'uint32');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Fixed int64: a number when it is a safe integer, otherwise a bigint (never a rounded number). */
  readInt64(): number | bigint {
    this.checkReadable(8, 'int64');
    const b = this.buf;
    const p = this.pos;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
    // Safe iff |value| <= 2^53 - 1; hi = -2^21 with lo = 0 is exactly -2^53, which is not safe.
    if (hi < 0x200000 && (hi > -0x200000 || (hi === -0x200000 && lo !== 0))) {
      this.pos += 8;
      return hi * TWO_32 + lo;
    }
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Fixed uint64: a number when safe, otherwise a bigint. */
  readUint64(): number | bigint {
    this.checkReadable(8, 'uint64');
    const b = this.buf;
    const p = this.pos;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
    if (hi < 0x200000) {
      this.pos += 8;
      return hi * TWO_32 + lo;
    }
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readFloat16(): number {
    return float16ToNumber(this.readUint16());
  }

  readBFloat16(): number {
    return bfloat16ToNumber(this.readUint16());
  }

  // Floats go through a scratch cell instead of a DataView: creating a DataView per payload costs
  // more than decoding a small struct.
  readFloat32(): number {
    this.checkReadable(4, 'float32');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    if (LITTLE_ENDIAN) {
      SCRATCH_BYTES[0] = b[p]!; SCRATCH_BYTES[1] = b[p + 1]!; SCRATCH_BYTES[2] = b[p + 2]!; SCRATCH_BYTES[3] = b[p + 3]!;
    } else {
      SCRATCH_BYTES[3] = b[p]!; SCRATCH_BYTES[2] = b[p + 1]!; SCRATCH_BYTES[1] = b[p + 2]!; SCRATCH_BYTES[0] = b[p + 3]!;
    }
    return SCRATCH_F32[0]!;
  }

  readFloat64(): number {
    this.checkReadable(8, 'float64');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 8;
    if (LITTLE_ENDIAN) {
      SCRATCH_BYTES[0] = b[p]!; SCRATCH_BYTES[1] = b[p + 1]!; SCRATCH_BYTES[2] = b[p + 2]!; SCRATCH_BYTES[3] = b[p + 3]!;
      SCRATCH_BYTES[4] = b[p + 4]!; SCRATCH_BYTES[5] = b[p + 5]!; SCRATCH_BYTES[6] = b[p + 6]!; SCRATCH_BYTES[7] = b[p + 7]!;
    } else {
      for (let i = 0; i < 8; i++) SCRATCH_BYTES[7 - i] = b[p + i]!;
    }
    return SCRATCH_F64[0]!;
  }

  /** Unsigned LEB128 of at most 5 bytes; a longer or out-of-range encoding is rejected. */
  readVarUint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < this.end) {
      const b0 = buf[pos]!;
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return b0;
      }
    }
    const start = pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= this.end) throw new TruncatedError('varuint32', start, pos - start + 1, this.end - start);
      const b = buf[pos++]!;
      if (shift === 28) {
        if (b > 0x0f) throw new InvalidDataError('Over-long or out-of-range varuint32', start);
        result += b * 0x10000000;
        this.pos = pos;
        return result;
      }
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    /* c8 ignore next */
    throw new InvalidDataError('Over-long varuint32', start);
  }

  readVarInt32(): number {
    const v = this.readVarUint32();
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * Unsigned PVL varint64 (1-9 bytes; the ninth byte carries 8 bits). Returns a number when the
   * value is a safe integer, otherwise a bigint.
   */
  readVarUint64(): number | bigint {
    const buf = this.buf;
    let pos = this.pos;
    const start = pos;
    let result = 0;
    let mul = 1;
    // Seven 7-bit groups (49 bits) are exact in float arithmetic; longer encodings finish in bigint.
    for (let i = 0; i < 7; i++) {
      if (pos >= this.end) throw new TruncatedError('varuint64', start, pos - start + 1, this.end - start);
      const b = buf[pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      mul *= 128;
    }
    return this.readVarUint64Big(start);
  }

  private readVarUint64Big(start: number): number | bigint {
    const buf = this.buf;
    let pos = start;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 8; i++) {
      if (pos >= this.end) throw new TruncatedError('varuint64', start, pos - start + 1, this.end - start);
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (b < 0x80) {
        this.pos = pos;
        return result <= MAX_SAFE ? Number(result) : result;
      }
    }
    if (pos >= this.end) throw new TruncatedError('varuint64', start, 9, this.end - start);
    result |= BigInt(buf[pos++]!) << 56n;
    this.pos = pos;
    return result <= MAX_SAFE ? Number(result) : result;
  }

  /** ZigZag PVL varint64: a number when safe, otherwise a bigint. */
  readVarInt64(): number | bigint {
    const u = this.readVarUint64();
    if (typeof u === 'number') {
      // u <= 2^53-1: decode exactly with float arithmetic.
      return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    }
    const v = (u >> 1n) ^ -(u & 1n);
    return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
  }

  readTaggedInt64(): number | bigint {
    this.checkReadable(4, 'tagged int64');
    const first = this.view.getInt32(this.pos, true);
    if ((first & 1) === 0) {
      this.pos += 4;
      return first >> 1;
    }
    this.checkReadable(9, 'tagged int64');
    this.pos += 1;
    return this.readInt64();
  }

  readTaggedUint64(): number | bigint {
    this.checkReadable(4, 'tagged uint64');
    const first = this.view.getUint32(this.pos, true);
    if ((first & 1) === 0) {
      this.pos += 4;
      return first >>> 1;
    }
    this.checkReadable(9, 'tagged uint64');
    this.pos += 1;
    return this.readUint64();
  }

  /** String header (spec "VarUint36Small"): returns (byteLength << 2) | encoding as a number. */
  readVarUint36Small(): number {
    const at = this.pos;
    const v = this.readVarUint64();
    if (typeof v !== 'number' || v >= 2 ** 38) throw new InvalidDataError('String header exceeds 36-bit length', at);
    return v;
  }

  /** A view (no copy) of the next n bytes. */
  readView(n: number, what: string): Uint8Array {
    this.checkReadable(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A copy of the next n bytes. */
  readCopy(n: number, what: string): Uint8Array {
    this.checkReadable(n, what);
    const v = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number, what: string): void {
    this.checkReadable(n, what);
    this.pos += n;
  }

  /**
   * Read a string body given its decoded header. `maxBytes` bounds the declared length before
   * anything is allocated.
   */
  readStringBody(header: number, headerOffset: number, maxBytes: number): string {
    const encoding = header % 4;
    const byteLength = (header - encoding) / 4;
    if (byteLength === 0) return '';
    if (byteLength > maxBytes) throw new LimitExceededError('maxStringBytes', byteLength, maxBytes, headerOffset);
    this.checkReadable(byteLength, 'string body');
    const start = this.pos;
    const end = start + byteLength;
    let s: string | undefined;
    if (encoding === StringEncoding.LATIN1) {
      s = decodeLatin1(this.buf, start, end);
    } else if (encoding === StringEncoding.UTF8) {
      s = decodeUtf8(this.buf, start, end);
      if (s === undefined) throw new InvalidDataError('Invalid UTF-8 in string', start, 'INVALID_UTF8');
    } else if (encoding === StringEncoding.UTF16) {
      if (byteLength % 2 !== 0) throw new InvalidDataError(`UTF-16 string has odd byte length ${byteLength}`, headerOffset);
      s = decodeUtf16(this.buf, start, end);
    } else {
      throw new InvalidDataError('Reserved string encoding 3', headerOffset);
    }
    this.pos = end;
    return s;
  }
}
