/**
 * Serializer and deserializers for NestJS's Kafka transport (`@nestjs/microservices`,
 * `Transport.KAFKA`), structurally typed so this package does not depend on Nest.
 *
 * Nest runs every consumed record through its `KafkaParser` before the deserializer sees it. With
 * `parser: { keepBinary: true }` the value stays a Buffer; headers are always turned into strings
 * unless their first byte is 0x00 — which is why layout 2 prefixes inline buffer headers with 0x00
 * (see layout.ts). Companion references (ASCII JSON) come back JSON-parsed and are re-serialized.
 */
import type { CompanionReader } from './companion-reader.js';
import { FerryKafkaError, type RecordOrigin } from './errors.js';
import type { FerryProducer } from './producer.js';
import type { ConsumedRecord, EncodedRecord, FerrySerde, RecordHeaders, RecordKey } from './serde.js';

/** Nest's Kafka header names this module reads (Spring-compatible names, see Nest's KafkaHeaders). */
const CORRELATION_ID = 'kafka_correlationId';
const NEST_ERR = 'kafka_nest-err';
const NEST_IS_DISPOSED = 'kafka_nest-is-disposed';

/** A record as Nest's parser hands it to a deserializer. */
export interface NestParsedRecord {
  key?: unknown;
  value: unknown;
  headers?: Record<string, unknown>;
  topic?: string;
  partition?: number;
  offset?: string;
}

export interface FerryNestKafkaOptions {
  serde: FerrySerde;
  /**
   * A connected FerryProducer: client events and requests (whose pattern is the topic) then put
   * large out-of-band buffers in the companion topic. Without it, buffers that do not fit in the
   * record's headers fail with RECORD_TOO_LARGE. Server replies always use headers (Nest does not
   * tell the serializer the reply topic).
   */
  producer?: FerryProducer;
  /** A started CompanionReader, to resolve companion references of consumed records. */
  companion?: CompanionReader;
}

/** Nest's convention (as its own KafkaRequestSerializer): `{ key?, value, headers? }` is a Kafka message. */
function asKafkaMessage(data: unknown): { key?: RecordKey; value: unknown; headers?: RecordHeaders } {
  if (data !== null && typeof data === 'object' && ('key' in data || 'value' in data) && !(data instanceof Map)) {
    const m = data as { key?: unknown; value?: unknown; headers?: RecordHeaders };
    const key = m.key === undefined || m.key === null || typeof m.key === 'string' || Buffer.isBuffer(m.key) ? (m.key as RecordKey) : String(m.key);
    return { ...(key === undefined ? {} : { key }), value: m.value, ...(m.headers === undefined ? {} : { headers: m.headers }) };
  }
  return { value: data };
}

/** `serializer` of Nest's Kafka server and client options. */
export class FerryKafkaSerializer {
  constructor(private readonly options: FerryNestKafkaOptions) {}

  async serialize(data: unknown, context?: { pattern?: string }): Promise<EncodedRecord | { key?: RecordKey; value: null; headers: RecordHeaders }> {
    const message = asKafkaMessage(data);
    const headers = { ...message.headers };
    if (message.value === undefined || message.value === null) {
      // Nest's final "disposed" reply and explicit tombstones.
      return { ...(message.key === undefined ? {} : { key: message.key }), value: null, headers };
    }
    const topic = context?.pattern ?? '';
    const producer = this.options.producer;
    if (producer !== undefined && topic !== '') {
      return producer.prepare(topic, { value: message.value, headers, ...(message.key === undefined ? {} : { key: message.key }) });
    }
    return this.options.serde.encode(message.value, { topic, headers, ...(message.key === undefined ? {} : { key: message.key }) });
  }
}

function toConsumed(message: NestParsedRecord, origin: RecordOrigin): ConsumedRecord {
  const value = message.value;
  if (value !== null && value !== undefined && !Buffer.isBuffer(value)) {
    throw new FerryKafkaError('DECODE_FAILED', 'The record value is not a Buffer: set parser: { keepBinary: true } in the Kafka transport options', origin);
  }
  // Nest's parser JSON.parses header strings that start with '{' — our companion references. JSON
  // of strings and safe integers survives parse + stringify unchanged, so turn them back.
  const headers: RecordHeaders = {};
  for (const [name, v] of Object.entries(message.headers ?? {})) {
    headers[name] = v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v) ? JSON.stringify(v) : (v as RecordHeaders[string]);
  }
  return {
    value: (value ?? null) as Buffer | null,
    headers,
    ...(message.offset === undefined ? {} : { offset: message.offset }),
  };
}

async function decodeWith<T>(options: FerryNestKafkaOptions, message: NestParsedRecord): Promise<T | null> {
  const origin: RecordOrigin = {
    ...(message.topic === undefined ? {} : { topic: message.topic }),
    ...(message.partition === undefined ? {} : { partition: message.partition }),
    ...(message.offset === undefined ? {} : { offset: message.offset }),
  };
  const consumed = toConsumed(message, origin);
  const refs = options.serde.companionRefs(consumed, origin);
  if (refs.length === 0) return options.serde.decode<T>(consumed, { origin });
  const reader = options.companion;
  if (reader === undefined) {
    throw new FerryKafkaError('COMPANION_REQUIRED', 'The record has companion-topic buffers: pass a started CompanionReader as `companion`', origin);
  }
  const fetched = await Promise.all(refs.map(({ ref }) => reader.fetch(ref, origin)));
  return options.serde.decode<T>(consumed, { origin, companion: new Map(refs.map(({ slot }, i) => [slot, fetched[i]!])) });
}

/** `deserializer` of Nest's Kafka server options: `{ pattern: topic, data: decoded value }`. */
export class FerryKafkaRequestDeserializer {
  constructor(private readonly options: FerryNestKafkaOptions) {}

  async deserialize(message: NestParsedRecord, context?: { channel?: string }): Promise<{ pattern: string | undefined; data: unknown }> {
    return { pattern: context?.channel, data: await decodeWith(this.options, message) };
  }
}

/** `deserializer` of Nest's Kafka client options (replies to `send()`). */
export class FerryKafkaResponseDeserializer {
  constructor(private readonly options: FerryNestKafkaOptions) {}

  async deserialize(message: NestParsedRecord): Promise<{ id: string; response?: unknown; err?: unknown; isDisposed: boolean }> {
    const headers = message.headers ?? {};
    const id = String(headers[CORRELATION_ID] ?? '');
    if (headers[NEST_ERR] !== undefined) return { id, err: headers[NEST_ERR], isDisposed: true };
    const isDisposed = headers[NEST_IS_DISPOSED] !== undefined;
    const value = message.value === null || message.value === undefined ? undefined : await decodeWith(this.options, message);
    return { id, response: value ?? undefined, isDisposed };
  }
}
