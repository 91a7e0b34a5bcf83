/**
 * @ferry/kafka — kafkajs integration for @ferry/core (the Apache Fory™ xlang binary format).
 *
 * - `createFerrySerde(fory, options)`: values ⇄ records; out-of-band buffers in record headers or,
 *   when large, in a companion topic (record layout 2, see layout.ts and the README).
 * - `FerryProducer` / `FerryConsumer`: kafkajs producer and consumer wrappers that write and
 *   resolve companion records, with transactions and a dead-letter hook.
 * - `FerryKafkaSerializer` / `FerryKafkaRequestDeserializer` / `FerryKafkaResponseDeserializer`:
 *   NestJS Kafka transport.
 */
export {
  createFerrySerde,
  parseCompanionRef,
  type FerrySerde,
  type FerrySerdeOptions,
  type CompanionOptions,
  type EncodeOptions,
  type EncodedRecord,
  type EncodedParts,
  type CompanionBlob,
  type BlobPlacement,
  type ConsumedRecord,
  type DecodeOptions,
  type SlotRef,
  type RecordHeaders,
  type RecordKey,
  type HeaderValue,
} from './serde.js';
export { FerryProducer, type FerryProducerOptions, type FerryProducerRecord, type FerryMessage, type FerryTransaction } from './producer.js';
export {
  FerryConsumer,
  deadLetterTopic,
  type FerryConsumerOptions,
  type FerryRunConfig,
  type FerryEachMessagePayload,
  type DeadLetterHook,
  type DeadLetterTopicOptions,
  type DecodeFailure,
} from './consumer.js';
export { CompanionReader, type CompanionReaderOptions } from './companion-reader.js';
export {
  FerryKafkaSerializer,
  FerryKafkaRequestDeserializer,
  FerryKafkaResponseDeserializer,
  type FerryNestKafkaOptions,
  type NestParsedRecord,
} from './nest.js';
export { FerryKafkaError, type FerryKafkaErrorCode, type RecordOrigin } from './errors.js';
export { crc32c } from './crc32c.js';
export {
  LAYOUT_HEADER,
  LAYOUT_VERSION,
  READABLE_LAYOUTS,
  OOB_COUNT_HEADER,
  OOB_HEADER_PREFIX,
  OOB_REF_HEADER_PREFIX,
  INLINE_SLOT_MARKER,
  BLOB_ID_HEADER,
  BLOB_CHUNK_HEADER,
  BLOB_CRC_HEADER,
  COMPANION_TOPIC_SUFFIX,
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  recordBytesUpperBound,
  type CompanionRef,
} from './layout.js';
