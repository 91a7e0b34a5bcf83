/**
 * A single-blob container for a payload and its out-of-band buffers, for transports that carry one
 * message (HTTP bodies, Kafka values, files, memory maps):
 *
 *   offset 0   "FYFR"                      magic (4 bytes)
 *   offset 4   u32 LE  n                   number of parts (payload + buffers), 1..maxParts
 *   offset 8   n × u64 LE                  byte length of each part
 *   …          zero padding to a multiple of 8
 *   each part's bytes, each starting at a multiple of 8 (zero padding between parts)
 *
 * Part 0 is the Fory payload, parts 1..n-1 the out-of-band buffers in order. Every part starts
 * 8-byte aligned, so when the frame itself is 8-byte aligned, decoded dense arrays are zero-copy
 * views (see "When a copy is unavoidable" in the README).
 */
import { InvalidDataError, LimitExceededError, TruncatedError } from '../errors.js';
import { DEFAULT_MAX_FRAME_PARTS } from '../limits.js';
import { asBytes, type SuppliedBuffer } from './buffer-object.js';

const MAGIC = [0x46, 0x59, 0x46, 0x52]; // "FYFR"
const ALIGN = 8;

const align = (n: number) => (n + ALIGN - 1) & ~(ALIGN - 1);

/** A frame as a list of chunks: concatenated, they are exactly `encodeFrames(payload, buffers)`. */
export interface FrameChunks {
  /** Total frame size in bytes. */
  readonly length: number;
  /** The header, then each part (a view on the caller's memory, not a copy) and its padding. */
  readonly chunks: readonly Uint8Array[];
}

const ZEROS = new Uint8Array(ALIGN);

/**
 * Lay out a frame without joining it, for transports that write chunks (HTTP responses, sockets,
 * files): copies nothing but the small header.
 */
export function frameChunks(payload: Uint8Array, buffers: readonly SuppliedBuffer[] = []): FrameChunks {
  const parts = [payload, ...buffers.map(asBytes)];
  const headerSize = align(8 + 8 * parts.length);
  const header = new Uint8Array(headerSize);
  const view = new DataView(header.buffer);
  header.set(MAGIC, 0);
  view.setUint32(4, parts.length, true);
  const chunks: Uint8Array[] = [header];
  let length = headerSize;
  parts.forEach((p, i) => {
    view.setUint32(8 + i * 8, p.byteLength % 2 ** 32, true);
    view.setUint32(12 + i * 8, Math.floor(p.byteLength / 2 ** 32), true);
    if (p.byteLength > 0) chunks.push(p);
    const pad = align(p.byteLength) - p.byteLength;
    if (pad > 0) chunks.push(ZEROS.subarray(0, pad));
    length += align(p.byteLength);
  });
  return { length, chunks };
}

/** Total size of the frame `encodeFrames` would produce. */
export function frameSize(payload: Uint8Array, buffers: readonly SuppliedBuffer[]): number {
  let size = align(8 + 8 * (buffers.length + 1));
  size += align(payload.byteLength);
  for (const b of buffers) size += align(asBytes(b).byteLength);
  return size;
}

/** Pack a payload and its buffers into one frame (one copy of each part into the frame). */
export function encodeFrames(payload: Uint8Array, buffers: readonly SuppliedBuffer[] = [], target?: Uint8Array): Uint8Array {
  const { length, chunks } = frameChunks(payload, buffers);
  const out = target ?? new Uint8Array(length);
  if (out.byteLength < length) throw new RangeError(`encodeFrames target of ${out.byteLength} bytes is smaller than the frame (${length})`);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.byteLength;
  }
  return out.subarray(0, length);
}

export interface DecodedFrames {
  /** The Fory payload (a view into the frame). */
  readonly payload: Uint8Array;
  /** The out-of-band buffers (views into the frame), for `deserialize(payload, { buffers })`. */
  readonly buffers: Uint8Array[];
}

/** Whether `bytes` start like a frame (the "FYFR" magic). A Fory payload never does: its first byte is 0x01 or 0x03. */
export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === MAGIC[0] && bytes[1] === MAGIC[1] && bytes[2] === MAGIC[2] && bytes[3] === MAGIC[3];
}

/** Split a frame into its payload and buffers: views, no copies. Malformed frames throw ForyErrors. */
export function decodeFrames(input: Uint8Array, options: { maxParts?: number } = {}): DecodedFrames {
  const frame = asBytes(input);
  const maxParts = options.maxParts ?? DEFAULT_MAX_FRAME_PARTS;
  if (frame.byteLength < 8) throw new TruncatedError('frame header', 0, 8, frame.byteLength);
  if (!isFrame(frame)) throw new InvalidDataError('Not a Ferry frame (magic "FYFR" missing)', 0, 'INVALID_HEADER');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const n = view.getUint32(4, true);
  if (n < 1) throw new InvalidDataError('Frame has no parts', 4);
  if (n > maxParts) throw new LimitExceededError('maxParts', n, maxParts, 4);
  const headerEnd = align(8 + 8 * n);
  if (headerEnd > frame.byteLength) throw new TruncatedError('frame part table', 8, headerEnd - 8, frame.byteLength - 8);
  let pos = headerEnd;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const at = 8 + i * 8;
    const len = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    if (len > frame.byteLength - pos) throw new TruncatedError(`frame part ${i}`, pos, len, frame.byteLength - pos);
    parts.push(frame.subarray(pos, pos + len));
    pos += align(len);
  }
  return { payload: parts[0]!, buffers: parts.slice(1) };
}
