// Failure handling on a real broker: the broker dies during a transactional produce, the broker
// restarts under a running producer and consumer, and poisoned records go to the dead-letter hook
// without blocking their partition.
import { Fory } from '@ferry/core';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { FerryConsumer, FerryProducer, createFerrySerde, deadLetterTopic, type DecodeFailure } from '../src/index.js';
import { client, consumeN, createTopics, unique, useBroker } from './helpers.js';

const broker = useBroker();

const serde = createFerrySerde(new Fory(), { outOfBand: 1024 });

const createTopic = (topic: string) => createTopics(broker.client, [topic, `${topic}.ferry-oob`]);

describe('failures', () => {
  it('broker stopped during a transactional produce: the error surfaces and nothing half-written is visible', async () => {
    const topic = unique('fail-tx');
    await createTopic(topic);
    const transactionalId = unique('tx');
    const fast = client(broker.kafka, 'ferry-fail-fast');
    const producer = new FerryProducer(fast, {
      serde,
      producer: { transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 100 } },
    });
    await producer.connect();
    // Kill the broker the moment the first companion chunk is acknowledged (synchronously, inside
    // kafkajs' request event, before the next chunk is sent): a crash mid-transaction.
    let crashed = false;
    producer.producer.on(producer.producer.events.REQUEST, (e) => {
      if (e.payload.apiName === 'Produce' && !crashed) {
        crashed = true;
        broker.kafka.crash();
      }
    });
    const tx = await producer.transaction();
    const failed = await tx
      .send({ topic, messages: [{ key: 'a', value: { n: 1, blob: new Uint8Array(8 * 1024 * 1024).fill(1) } }] })
      .then(() => undefined, (e: unknown) => e);
    await producer.disconnect();
    await broker.kafka.restart();
    expect(crashed).toBe(true);
    expect(failed).toBeInstanceOf(Error);

    // A new producer with the same transactional id fences the old one: its open transaction aborts.
    const again = new FerryProducer(client(broker.kafka), { serde, producer: { transactionalId, idempotent: true, maxInFlightRequests: 1 } });
    await again.connect();
    const tx2 = await again.transaction();
    await tx2.send({ topic, messages: [{ key: 'a', value: { n: 2, blob: new Uint8Array(2 * 1024 * 1024).fill(2) } }] });
    await tx2.commit();
    await again.disconnect();

    const got: { n: unknown }[] = [];
    const consumer = new FerryConsumer<Map<string, unknown>>(broker.client, { serde, groupId: unique('g') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ value }) => {
          got.push({ n: value!.get('n') });
          resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got).toEqual([{ n: 2 }]);
    // read_committed sees only the committed blob's chunks in the companion topic.
    const chunks = await consumeN(broker.client.consumer({ groupId: unique('g') }), `${topic}.ferry-oob`, 2);
    expect(chunks.every((m) => m.value!.every((b) => b === 2))).toBe(true);
  }, 180_000);

  it('broker restarted: producer and consumer continue with no loss', async () => {
    const topic = unique('fail-restart');
    await createTopic(topic);
    // Reconnect quickly (kafkajs' default backoff grows to 30 s).
    const restartClient = new Kafka({ clientId: 'ferry-restart', brokers: broker.kafka.brokers, logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
    const producer = new FerryProducer(restartClient, { serde });
    await producer.connect();
    const seen = new Set<number>();
    let wake: (() => void) | undefined;
    // After a restart the group completes its rebalance once the old session expired: keep it short.
    const consumer = new FerryConsumer<Map<string, unknown>>(restartClient, {
      serde,
      groupId: unique('g'),
      consumer: { sessionTimeout: 6000, heartbeatInterval: 500 },
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ value }) => {
        seen.add(value!.get('seq') as number);
        wake?.();
      },
    });
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 90_000;
      while (seen.size < n) {
        if (Date.now() > deadline) throw new Error(`only ${seen.size}/${n} after the restart`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 500);
        });
      }
    };
    const send = (from: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 5}`, value: { seq: from + i, blob: new Uint8Array(i === 0 ? 400_000 : 10) } })),
      });
    await send(0);
    await waitFor(50);
    await broker.kafka.restart({ downMs: 1000 });
    await send(50);
    await waitFor(100);
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  }, 180_000);

  it('poisoned records go to the dead-letter hook and do not block the partition', async () => {
    const topic = unique('fail-poison');
    await createTopic(topic);
    const producer = new FerryProducer(broker.client, { serde });
    const raw = broker.client.producer();
    await Promise.all([producer.connect(), raw.connect()]);
    for (let i = 0; i < 10; i++) {
      await producer.send({ topic, messages: [{ key: 'p', value: { seq: i } }] });
      if (i % 3 === 0 && i < 9) {
        // Garbage value, a truncated Fory payload, and a bad layout header.
        await raw.send({
          topic,
          messages: [
            { key: 'p', value: Buffer.from([0xde, 0xad, 0xbe, 0xef]) },
            { key: 'p', value: Buffer.from(serde.encode('a longer string value', { topic }).value.subarray(0, 6)) },
            { key: 'p', value: Buffer.from([2, 0xff, 1]), headers: { 'ferry-layout': '9', 'ferry-oob-count': '0' } },
          ],
        });
      }
    }
    const failures: DecodeFailure[] = [];
    const toDlq = deadLetterTopic(raw);
    const consumer = new FerryConsumer<Map<string, unknown>>(broker.client, {
      serde,
      groupId: unique('g'),
      deadLetter: async (f) => {
        failures.push(f);
        await toDlq(f);
      },
    });
    const got: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ value }) => {
          got.push(value!.get('seq') as number);
          if (got.length === 10) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(failures.map((f) => f.error.code)).toEqual(Array.from({ length: 3 }, () => ['DECODE_FAILED', 'DECODE_FAILED', 'UNSUPPORTED_LAYOUT']).flat());
    expect(failures[0]!.error.cause).toBeDefined(); // the underlying ForyError
    expect(failures[0]!.error.message).toMatch(/offset 1\b/);
    const dead = await consumeN(broker.client.consumer({ groupId: unique('g') }), `${topic}.dlq`, 9);
    expect(dead.map((m) => m.headers!['ferry-dlq-code']!.toString())).toEqual(failures.map((f) => f.error.code));
    expect(dead[0]!.value).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await Promise.all([producer.disconnect(), raw.disconnect()]);
  }, 120_000);
});
