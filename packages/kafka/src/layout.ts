/**
 * The record layout: how one Fory payload and its out-of-band buffers map onto Kafka records.
 * The README's "Record layout" section is the normative description for other languages; this
 * module is the single source of its names and numbers.
 *
 * - No `ferry-layout` header: the value is a plain Fory xlang payload without out-of-band buffers,
 *   readable by any Fory runtime (Java, Python, Ferry) as is.
 * - `ferry-layout: 2` (written by this version): the value is a Fory payload written with a buffer
 *   callback; `ferry-oob-count: <n>` announces n out-of-band buffers (slots 0 … n-1, callback
 *   order). Slot i is either inline, header `ferry-oob-<i>` = one byte 0x00 followed by the buffer,
 *   or in the companion topic, header `ferry-oob-ref-<i>` = a JSON {@link CompanionRef}.
 *   The 0x00 prefix is what keeps binary headers binary through NestJS's Kafka parser, which turns
 *   every header not starting with a zero byte into a string.
 * - `ferry-layout: 1` (read only): like 2, but every slot inline and unprefixed.
 *
 * Companion records (topic `<topic>.ferry-oob` by default) each carry one chunk of one buffer:
 * key = the main record's key, value = the chunk's bytes, headers `ferry-blob-id`,
 * `ferry-blob-chunk` ("<index>/<count>") and `ferry-blob-crc32c` (of the chunk).
 *
 * Every other header name starting with `ferry-` is reserved.
 */
export const LAYOUT_HEADER = 'ferry-layout';
export const OOB_COUNT_HEADER = 'ferry-oob-count';
export const OOB_HEADER_PREFIX = 'ferry-oob-';
export const OOB_REF_HEADER_PREFIX = 'ferry-oob-ref-';
export const RESERVED_PREFIX = 'ferry-';
/** The layout this version writes. */
export const LAYOUT_VERSION = 2;
/** Layouts this version reads. */
export const READABLE_LAYOUTS: readonly number[] = [1, 2];
/** First byte of an inline slot's header value (layout 2). */
export const INLINE_SLOT_MARKER = 0x00;
/** The most slots a record may announce (each needs a header; Kafka has no header count limit). */
export const MAX_SLOTS = 100_000;

export const BLOB_ID_HEADER = 'ferry-blob-id';
export const BLOB_CHUNK_HEADER = 'ferry-blob-chunk';
export const BLOB_CRC_HEADER = 'ferry-blob-crc32c';
/** The default companion topic of `topic`. */
export const COMPANION_TOPIC_SUFFIX = '.ferry-oob';

/** Kafka's default `message.max.bytes` (broker) / `max.message.bytes` (topic): 1 MiB + 12. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * Where a companion-placed buffer lives: every chunk of blob `id` is a record of `topic`/`partition`
 * with an offset in `[first, last]` (other records may sit in between: producers share the topic).
 * Offsets are decimal strings (int64). `crc32c` (8 hex digits) covers the whole buffer.
 */
export interface CompanionRef {
  readonly topic: string;
  readonly partition: number;
  readonly first: string;
  readonly last: string;
  readonly chunks: number;
  readonly length: number;
  readonly crc32c: string;
  readonly id: string;
}

/** The v2 record batch header (base offset … record count). */
const BATCH_OVERHEAD = 61;
/** A varint length prefix, at most (lengths below 2^28 take ≤ 4 bytes, 5 covers int32). */
const VARINT = 5;

/** The bytes one header adds to a record, at most. */
export function headerBytesUpperBound(name: string, valueBytes: number): number {
  return VARINT + utf8Length(name) + VARINT + valueBytes;
}

/**
 * An upper bound of the bytes one uncompressed record takes in a v2 record batch of its own:
 * the batch header, the record's length/attributes/timestamp/offset deltas, key, value and every
 * header (name and value, each with its varint length).
 */
export function recordBytesUpperBound(
  keyBytes: number,
  valueBytes: number,
  headers: Iterable<readonly [name: string, valueBytes: number]>,
): number {
  let size = BATCH_OVERHEAD + VARINT /* length */ + 1 /* attributes */ + 2 * VARINT /* deltas */;
  size += VARINT + keyBytes + VARINT + valueBytes + VARINT /* header count */;
  for (const [name, bytes] of headers) size += headerBytesUpperBound(name, bytes);
  return size;
}

/** Bytes kafkajs writes for a string (it encodes with Buffer.from, lone surrogates as U+FFFD). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
