/** What went wrong in the Kafka layer (Fory payload errors are @ferry/core's ForyError subclasses). */
export type FerryKafkaErrorCode =
  /** The encoded record (value + headers) exceeds `maxRecordBytes`. */
  | 'RECORD_TOO_LARGE'
  /** `ferry-layout` names a layout this version cannot read, or the layout headers are malformed. */
  | 'UNSUPPORTED_LAYOUT'
  /** A `ferry-oob-<n>` header is missing, repeated or not bytes, or there are more than announced. */
  | 'BAD_OOB_HEADERS'
  /** The caller passed a header in the reserved `ferry-` namespace. */
  | 'RESERVED_HEADER';

export class FerryKafkaError extends Error {
  override readonly name = 'FerryKafkaError';
  constructor(
    readonly code: FerryKafkaErrorCode,
    message: string,
    /** The topic being encoded for, when known. */
    readonly topic?: string,
  ) {
    super(topic === undefined ? message : `${message} (topic "${topic}")`);
  }
}
