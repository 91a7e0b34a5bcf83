/**
 * The demo's contact with Kafka: @ferry/kafka's FerryProducer / FerryConsumer over kafkajs.
 * Large sample arrays go out-of-band — up to 256 KiB in the record's headers, larger ones chunked
 * into the companion topic `<topic>.ferry-oob` — and come back as Float32Arrays on the consumer side.
 */
import type { CaptureHook, Fory, TypeSpec } from '@ferry/core';
import { typed } from '@ferry/core';
import { createFerrySerde, deadLetterTopic, FerryConsumer, FerryProducer, type FerrySerde } from '@ferry/kafka';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { allTopics, deadLetterTopicOf, MAX_FETCH_WAIT_MS, OUT_OF_BAND_ABOVE } from './topics.js';

export function demoKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.ERROR, retry: { retries: 8 } });
}

/**
 * Creates the demo's topics (idempotent), one partition each, and waits until the broker's group
 * coordinator is up (a fresh broker creates __consumer_offsets on first use), so the services'
 * consumers join their groups at once instead of logging retriable errors.
 */
export async function ensureTopics(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'demo-setup', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) });
    }
    await admin.describeGroups(['demo-pipeline']);
  } finally {
    await admin.disconnect();
  }
}

/**
 * `outOfBand: true`: arrays above OUT_OF_BAND_ABOVE travel beside the payload (headers or companion
 * topic); false: plain Fory payloads that any Fory runtime reads as they are. Decoding reads both.
 */
export function demoSerde(fory: Fory, options: { outOfBand: boolean; capture?: CaptureHook | undefined }): FerrySerde {
  return createFerrySerde(fory, {
    ...(options.outOfBand ? { outOfBand: OUT_OF_BAND_ABOVE } : {}),
    ...(options.capture === undefined ? {} : { capture: options.capture }),
  });
}

export class FerryPublisher {
  readonly producer: FerryProducer;

  constructor(kafka: Kafka, serde: FerrySerde) {
    this.producer = new FerryProducer(kafka, { serde, producer: { createPartitioner: Partitioners.DefaultPartitioner } });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Publishes `value` written as the registered `type`. */
  async publish<S extends TypeSpec>(topic: string, key: string, type: S, value: unknown): Promise<void> {
    await this.producer.send({ topic, messages: [{ key, value: typed(type, value as never) }] });
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
  private readonly consumer: FerryConsumer;

  /**
   * Records that do not decode are copied to `<topic>.dlq` (with the error in `ferry-dlq-*` headers)
   * by `deadLetters` and reported through `onDeadLetter`, so one bad record never blocks the pipeline.
   */
  constructor(kafka: Kafka, groupId: string, serde: FerrySerde, deadLetters: FerryPublisher, onDeadLetter: (message: string) => void) {
    const toTopic = deadLetterTopic(deadLetters.producer.producer, { topic: deadLetterTopicOf });
    this.consumer = new FerryConsumer(kafka, {
      serde,
      groupId,
      consumer: { maxWaitTimeInMs: MAX_FETCH_WAIT_MS },
      deadLetter: async (failure) => {
        await toTopic(failure);
        onDeadLetter(`${failure.topic}@${failure.message.offset} → ${deadLetterTopicOf(failure.topic)}: ${failure.error.message}`);
      },
    });
  }

  /** Consumes `topics` from the beginning and calls `handle` with each decoded value, in order. */
  async run(topics: string[], handle: (consumed: ConsumedValue) => Promise<void>): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message, value }) => handle({ topic, key: message.key?.toString() ?? null, value }),
    });
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }
}
