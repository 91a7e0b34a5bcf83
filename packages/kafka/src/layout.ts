/**
 * Record layout v1: how one Fory payload and its out-of-band buffers map onto a Kafka record.
 *
 * - No `ferry-layout` header: the value is a plain Fory xlang payload with no out-of-band buffers —
 *   readable by any Fory runtime (Java, Python, Ferry) as is.
 * - `ferry-layout: 1`: the value is a Fory payload written with a buffer callback (header bit 1);
 *   `ferry-oob-count: <n>` (decimal ASCII) announces n out-of-band buffers, carried in the headers
 *   `ferry-oob-0` … `ferry-oob-<n-1>` in callback order. n may be 0 (every buffer stayed in-band).
 *
 * Every other header name starting with `ferry-` is reserved.
 */
export const LAYOUT_HEADER = 'ferry-layout';
export const OOB_COUNT_HEADER = 'ferry-oob-count';
export const OOB_HEADER_PREFIX = 'ferry-oob-';
export const RESERVED_PREFIX = 'ferry-';
export const LAYOUT_VERSION = 1;

/** Kafka's default `message.max.bytes` (broker) / `max.message.bytes` (topic): 1 MiB + 12. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** The v2 record batch header (base offset … record count). */
const BATCH_OVERHEAD = 61;
/** A varint length prefix, at most (lengths below 2^28 take ≤ 4 bytes, 5 covers int32). */
const VARINT = 5;

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
  for (const [name, bytes] of headers) size += VARINT + utf8Length(name) + VARINT + bytes;
  return size;
}

/** Bytes kafkajs writes for a string (it encodes with Buffer.from, lone surrogates as U+FFFD). */
function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
