/** What went wrong in the Kafka layer (Fory payload errors are @ferry/core's ForyError subclasses). */
export type FerryKafkaErrorCode =
  /** The encoded record (value + headers) exceeds `maxRecordBytes` and cannot use the companion topic. */
  | 'RECORD_TOO_LARGE'
  /** `ferry-layout` names a layout this version cannot read, or the layout headers are malformed. */
  | 'UNSUPPORTED_LAYOUT'
  /** A `ferry-oob-*` header is missing, repeated, of the wrong kind, or beyond the announced count. */
  | 'BAD_OOB_HEADERS'
  /** The caller passed a header in the reserved `ferry-` namespace. */
  | 'RESERVED_HEADER'
  /**
   * The record has companion-topic buffers but was handled by a code path without a companion
   * reader/writer (plain `serde.encode`/`serde.decode`): use FerryProducer/FerryConsumer or
   * `encodeParts`/`decode(…, { companion })`.
   */
  | 'COMPANION_REQUIRED'
  /** A companion record the main record refers to no longer exists (retention, deleteRecords). */
  | 'COMPANION_MISSING'
  /** A companion blob's chunks add up to a different length than its reference says. */
  | 'COMPANION_TRUNCATED'
  /** A companion chunk or blob fails its CRC-32C, or a chunk header is malformed. */
  | 'COMPANION_CORRUPT'
  /** The companion records did not arrive within the reader's timeout. */
  | 'COMPANION_TIMEOUT'
  /** A value the consumer could not decode; `cause` holds the underlying error. */
  | 'DECODE_FAILED';

/** Where a consumed record came from, when known. */
export interface RecordOrigin {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}

export class FerryKafkaError extends Error {
  override readonly name = 'FerryKafkaError';
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: string | undefined;
  constructor(
    readonly code: FerryKafkaErrorCode,
    message: string,
    origin?: string | RecordOrigin,
    options?: { cause?: unknown },
  ) {
    const o: RecordOrigin = typeof origin === 'string' ? { topic: origin } : (origin ?? {});
    const where = [
      o.topic === undefined ? '' : `topic "${o.topic}"`,
      o.partition === undefined ? '' : `partition ${o.partition}`,
      o.offset === undefined ? '' : `offset ${o.offset}`,
    ].filter(Boolean);
    super(where.length === 0 ? message : `${message} (${where.join(', ')})`, options);
    this.topic = o.topic;
    this.partition = o.partition;
    this.offset = o.offset;
  }
}
