/**
 * The demo's only contact with kafkajs: publish Fory values, consume them. Everything else (gateway,
 * pipeline) goes through `FerryPublisher` / `FerrySubscriber`, so moving to @ferry/kafka's
 * FerryProducer/FerryConsumer (companion topic for large buffers) changes this file only.
 */
import type { CaptureHook, Fory, TypeSpec } from '@ferry/core';
import { emitCapture, typed } from '@ferry/core';
import { createFerrySerde, OOB_HEADER_PREFIX, type FerrySerde } from '@ferry/kafka';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { allTopics, MAX_FETCH_WAIT_MS, MAX_RECORD_BYTES, OUT_OF_BAND_ABOVE } from './topics.js';

export function demoKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.ERROR, retry: { retries: 8 } });
}

/** Creates the demo's topics (idempotent), one partition each. */
export async function ensureTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** The out-of-band buffers of a record (layout 1 of @ferry/kafka: `ferry-oob-<i>` headers), for captures. */
function outOfBandHeaders(headers: Record<string, unknown>): Buffer[] {
  const buffers: Buffer[] = [];
  for (let i = 0; Buffer.isBuffer(headers[`${OOB_HEADER_PREFIX}${i}`]); i++) buffers.push(headers[`${OOB_HEADER_PREFIX}${i}`] as Buffer);
  return buffers;
}

/**
 * `outOfBand: true`: arrays above OUT_OF_BAND_ABOVE travel beside the payload (@ferry/kafka's header
 * layout); false: plain Fory payloads any Fory runtime — and Nest's Kafka transport — reads as they are.
 */
function serdeFor(fory: Fory, outOfBand: boolean): FerrySerde {
  return createFerrySerde(fory, { maxRecordBytes: MAX_RECORD_BYTES, ...(outOfBand ? { outOfBand: OUT_OF_BAND_ABOVE } : {}) });
}

export class FerryPublisher {
  private readonly producer: Producer;
  private readonly serde: FerrySerde;
  private readonly capture: CaptureHook | undefined;

  constructor(kafka: Kafka, fory: Fory, options: { outOfBand: boolean; capture?: CaptureHook }) {
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    this.serde = serdeFor(fory, options.outOfBand);
    this.capture = options.capture;
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Publishes `value` written as the registered `type`; large arrays go out-of-band. */
  async publish<S extends TypeSpec>(topic: string, key: string, type: S, value: unknown): Promise<void> {
    const record = this.serde.encode(typed(type, value as never), { topic, keyBytes: Buffer.byteLength(key) });
    const buffers = outOfBandHeaders(record.headers);
    emitCapture(this.capture, { source: 'kafka', direction: 'encode', bytes: record.value, buffers, format: 'fory', label: topic, meta: { key } });
    await this.producer.send({ topic, messages: [{ key, value: record.value, headers: record.headers }] });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

export interface ConsumedValue {
  topic: string;
  key: string | null;
  value: unknown;
}

export class FerrySubscriber {
  private readonly consumer: Consumer;
  private readonly serde: FerrySerde;

  constructor(kafka: Kafka, groupId: string, fory: Fory, private readonly capture?: CaptureHook) {
    this.consumer = kafka.consumer({ groupId, maxBytes: MAX_RECORD_BYTES * 2, maxBytesPerPartition: MAX_RECORD_BYTES, maxWaitTimeInMs: MAX_FETCH_WAIT_MS });
    // Decoding reads either layout, whatever the serde's own outOfBand setting.
    this.serde = serdeFor(fory, true);
  }

  /**
   * Consumes `topics` from the beginning and calls `handle` with each decoded value, in order. A
   * record that does not decode is reported through `onError` and skipped (it cannot be retried
   * into decoding), so one bad record does not stop the pipeline.
   */
  async run(topics: string[], handle: (consumed: ConsumedValue) => Promise<void>, onError: (error: unknown, topic: string, offset: string) => void): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        let value: unknown;
        try {
          value = this.serde.decode(message);
        } catch (error) {
          onError(error, topic, message.offset);
          return;
        }
        if (message.value !== null) {
          emitCapture(this.capture, {
            source: 'kafka',
            direction: 'decode',
            bytes: message.value,
            buffers: outOfBandHeaders(message.headers ?? {}),
            format: 'fory',
            label: topic,
            meta: { partition: String(partition), offset: message.offset },
          });
        }
        await handle({ topic, key: message.key?.toString() ?? null, value });
      },
    });
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }
}
