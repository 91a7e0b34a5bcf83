/**
 * @ferry/kafka — a kafkajs serde for @ferry/core (the Apache Fory™ xlang binary format).
 *
 * `createFerrySerde(fory, options)` → `encode(value, { topic })` gives `{ value, headers }` for
 * `producer.send({ messages })`; `decode(message)` reads a consumed `KafkaMessage`. Out-of-band
 * buffers travel in record headers (layout 1: `ferry-layout`, `ferry-oob-count`, `ferry-oob-<n>`).
 */
export {
  createFerrySerde,
  type FerrySerde,
  type FerrySerdeOptions,
  type EncodeOptions,
  type EncodedRecord,
  type ConsumedRecord,
  type DecodeOptions,
  type RecordHeaders,
  type HeaderValue,
} from './serde.js';
export { FerryKafkaError, type FerryKafkaErrorCode } from './errors.js';
export {
  LAYOUT_HEADER,
  LAYOUT_VERSION,
  OOB_COUNT_HEADER,
  OOB_HEADER_PREFIX,
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  recordBytesUpperBound,
} from './layout.js';
