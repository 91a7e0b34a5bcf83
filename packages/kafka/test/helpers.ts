import { afterAll, beforeAll } from 'vitest';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { startKafka, type RunningKafka } from '../../../scripts/kafka/start.mjs';

export { startKafka, type RunningKafka };

export function client(kafka: RunningKafka, clientId = 'ferry-kafka-test'): Kafka {
  return new Kafka({ clientId, brokers: kafka.brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

let seq = 0;
/** A topic (and group) name unique to this process. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++seq}`;

/**
 * Subscribes from the beginning and resolves with the first `count` messages, or rejects after
 * `timeoutMs`. The consumer is disconnected either way.
 */
export async function consumeN(
  consumer: Consumer,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const got: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms with ${got.length}/${count} messages`)),
        timeoutMs,
      );
      void consumer
        .run({
          eachMessage: async ({ message }) => {
            got.push(message);
            if (got.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/**
 * Starts one broker for the calling test file (beforeAll) and stops it (afterAll). Read `broker.kafka`
 * and `broker.client` inside tests, after beforeAll ran.
 */
export function useBroker(): { readonly kafka: RunningKafka; readonly client: Kafka } {
  let kafka: RunningKafka | undefined;
  let k: Kafka | undefined;
  beforeAll(async () => {
    kafka = await startKafka();
    k = client(kafka);
  }, 120_000);
  afterAll(async () => {
    await kafka?.stop();
  });
  return {
    get kafka() {
      if (kafka === undefined) throw new Error('the broker is not started yet');
      return kafka;
    },
    get client() {
      if (k === undefined) throw new Error('the broker is not started yet');
      return k;
    },
  };
}

/** Creates topics (with a partition count) and waits for their leaders. */
export async function createTopics(k: Kafka, topics: string[], numPartitions = 1): Promise<void> {
  const admin = k.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
