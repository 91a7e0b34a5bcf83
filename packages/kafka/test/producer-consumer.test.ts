// FerryProducer / FerryConsumer on a real broker: companion topic, transactions, ordering,
// restarts and failure handling (issue 7's proof list).
import { describe, expect, it } from 'vitest';
import { Fory } from '@ferry/core';
import {
  FerryConsumer,
  FerryKafkaError,
  FerryProducer,
  createFerrySerde,
  deadLetterTopic,
  parseCompanionRef,
  type FerryEachMessagePayload,
  type FerrySerde,
} from '../src/index.js';
import { client, consumeN, createTopics, unique, useBroker } from './helpers.js';

const broker = useBroker();

const fory = new Fory();
const serdeOf = (): FerrySerde => createFerrySerde(fory, { outOfBand: 1024, zeroCopy: true });

const createTopic = (topic: string, numPartitions = 1) => createTopics(broker.client, [topic], numPartitions);

/**
 * Runs a FerryConsumer from the beginning until `done(received)` is true; returns what it got.
 * Rejects on timeout or when the consumer crashes.
 */
async function consumeUntil<T>(
  consumer: FerryConsumer<T>,
  topic: string,
  done: (got: FerryEachMessagePayload<T>[]) => boolean,
  timeoutMs = 60_000,
): Promise<FerryEachMessagePayload<T>[]> {
  const got: FerryEachMessagePayload<T>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${got.length} messages`)), timeoutMs);
      consumer.consumer.on(consumer.consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(e.payload.error);
      });
      void consumer
        .run({
          eachMessage: async (payload) => {
            got.push(payload);
            if (done(got)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe('FerryProducer → FerryConsumer', () => {
  it('round-trips small values and header-placed buffers', async () => {
    const topic = unique('fp-small');
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde });
    await producer.connect();
    const values = [1, 'two', { three: 3 }, null, { samples: Float32Array.from({ length: 1000 }, (_, i) => i / 2), raw: new Uint8Array(2000).fill(7) }];
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value, headers: { n: String(i) } })) });
    await producer.disconnect();

    const got = await consumeUntil(new FerryConsumer(broker.client, { serde, groupId: unique('g') }), topic, (g) => g.length === values.length);
    expect(got.map((g) => g.message.key!.toString())).toEqual(values.map((_, i) => `k${i}`));
    expect(got.slice(0, 4).map((g) => g.value)).toEqual([1, 'two', new Map([['three', 3]]), null]);
    const last = got[4]!.value as Map<string, unknown>;
    expect(last.get('samples')).toEqual(values[4] && (values[4] as { samples: Float32Array }).samples);
    expect(last.get('raw')).toEqual(new Uint8Array(2000).fill(7));
    expect(got[4]!.message.headers!['ferry-oob-count']!.toString()).toBe('2');
    expect(got[4]!.message.headers!.n!.toString()).toBe('4');
  });

  it('sends a 50 MiB typed array through the companion topic, chunked, and reads it back verified', async () => {
    const topic = unique('fp-big');
    await createTopic(topic, 2);
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde });
    await producer.connect();
    const samples = new Float64Array((50 * 1024 * 1024) / 8);
    for (let i = 0; i < samples.length; i += 997) samples[i] = i * 1.5;
    samples[samples.length - 1] = -42;
    await producer.send({ topic, messages: [{ key: 'sensor-1', value: { id: 1, samples } }, { key: 'sensor-2', value: { id: 2, samples: samples.subarray(0, 10) } }] });
    await producer.disconnect();

    const got = await consumeUntil(new FerryConsumer(broker.client, { serde, groupId: unique('g') }), topic, (g) => g.length === 2);
    const big = got.find((g) => g.message.key!.toString() === 'sensor-1')!;
    const ref = parseCompanionRef(big.message.headers!['ferry-oob-ref-0']!.toString());
    expect(ref.topic).toBe(`${topic}.ferry-oob`);
    expect(ref.length).toBe(50 * 1024 * 1024);
    expect(ref.chunks).toBe(51);
    // Co-partitioned: the companion topic was created with the main topic's partition count.
    expect(ref.partition).toBe(big.partition);
    const back = (big.value as Map<string, unknown>).get('samples') as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect(back.length).toBe(samples.length);
    expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(samples.buffer))).toBe(true);
    // zeroCopy: the array is a view on the reassembled blob, not a further copy.
    expect(back.byteLength).toBe(back.buffer.byteLength);
    const small = got.find((g) => g.message.key!.toString() === 'sensor-2')!;
    expect((small.value as Map<string, unknown>).get('samples')).toEqual(samples.subarray(0, 10));
  }, 120_000);

  it('an aborted transaction leaves neither main nor companion records visible to read_committed consumers', async () => {
    const topic = unique('fp-tx');
    await createTopic(topic);
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde, producer: { transactionalId: unique('tx'), idempotent: true, maxInFlightRequests: 1 } });
    await producer.connect();
    const big = (n: number) => ({ n, blob: new Uint8Array(2.5 * 1024 * 1024).fill(n) });
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'a', value: big(1) }] });
    await aborted.abort();
    const tx = await producer.transaction();
    await tx.send({ topic, messages: [{ key: 'a', value: big(2) }] });
    await tx.commit();
    await producer.disconnect();

    const got = await consumeUntil(new FerryConsumer(broker.client, { serde, groupId: unique('g') }), topic, (g) => g.length >= 1);
    expect(got).toHaveLength(1);
    const v = got[0]!.value as Map<string, unknown>;
    expect(v.get('n')).toBe(2);
    expect((v.get('blob') as Uint8Array).every((b) => b === 2)).toBe(true);
    // The companion topic holds 3 committed chunk records (1 MiB chunks) for the read_committed reader.
    const companion = await consumeN(broker.client.consumer({ groupId: unique('g'), readUncommitted: false }), `${topic}.ferry-oob`, 3);
    expect(companion.map((m) => m.headers!['ferry-blob-chunk']!.toString()).sort()).toEqual(['0/3', '1/3', '2/3']);
    expect(companion.every((m) => m.value!.every((b) => b === 2))).toBe(true);
  }, 120_000);

  it('1,000 messages over 3 partitions keep per-key order', async () => {
    const topic = unique('fp-order');
    await createTopic(topic, 3);
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde });
    await producer.connect();
    const keys = Array.from({ length: 10 }, (_, i) => `key-${i}`);
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({
        topic,
        messages: Array.from({ length: 100 }, (_, j) => {
          const seq = batch * 100 + j;
          return { key: keys[seq % keys.length]!, value: { seq, key: keys[seq % keys.length]!, pad: new Uint8Array(seq % 3 === 0 ? 1500 : 10) } };
        }),
      });
    }
    await producer.disconnect();
    const got = await consumeUntil(new FerryConsumer<Map<string, unknown>>(broker.client, { serde, groupId: unique('g') }), topic, (g) => g.length === 1000);
    const perKey = new Map<string, number[]>();
    for (const g of got) {
      const key = g.value!.get('key') as string;
      expect(g.message.key!.toString()).toBe(key);
      perKey.set(key, [...(perKey.get(key) ?? []), g.value!.get('seq') as number]);
    }
    expect(perKey.size).toBe(10);
    for (const seqs of perKey.values()) {
      expect(seqs).toHaveLength(100);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 120_000);

  it('a consumer restarted mid-stream resumes without loss (at-least-once)', async () => {
    const topic = unique('fp-restart');
    await createTopic(topic, 2);
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 300 }, (_, seq) => ({ key: `k${seq % 7}`, value: { seq } })) });
    await producer.disconnect();
    const groupId = unique('g');
    const first = await consumeUntil(new FerryConsumer<Map<string, unknown>>(broker.client, { serde, groupId }), topic, (g) => g.length >= 120);
    const seen = new Set(first.map((g) => g.value!.get('seq') as number));
    const rest: FerryEachMessagePayload<Map<string, unknown>>[] = await consumeUntil(
      new FerryConsumer<Map<string, unknown>>(broker.client, { serde, groupId }),
      topic,
      (g) => new Set([...seen, ...g.map((x) => x.value!.get('seq') as number)]).size === 300,
    );
    const all = new Set([...seen, ...rest.map((g) => g.value!.get('seq') as number)]);
    expect(all.size).toBe(300);
    // Only what the first consumer had not committed is delivered again.
    const again = rest.filter((g) => seen.has(g.value!.get('seq') as number)).length;
    expect(again).toBeLessThan(first.length);
    expect(rest.length).toBeLessThan(300);
  }, 120_000);

  it('a deleted companion record: typed error, no commit; with a dead-letter hook the partition moves on', async () => {
    const topic = unique('fp-missing');
    await createTopic(topic);
    const serde = serdeOf();
    const producer = new FerryProducer(broker.client, { serde });
    await producer.connect();
    const big = (n: number) => ({ n, blob: new Uint8Array(300 * 1024).fill(n) });
    await producer.send({ topic, messages: [{ key: 'x', value: { n: 0 } }] });
    await producer.send({ topic, messages: [{ key: 'x', value: big(1) }] });
    const admin = broker.client.admin();
    await admin.connect();
    const companionTopic = `${topic}.ferry-oob`;
    const [high] = await admin.fetchTopicOffsets(companionTopic);
    await admin.deleteTopicRecords({ topic: companionTopic, partitions: [{ partition: 0, offset: high!.high }] });
    await producer.send({ topic, messages: [{ key: 'x', value: big(2) }] });
    await producer.disconnect();

    // 1. No hook: the typed error stops the consumer; the poisoned record's offset is not committed.
    const groupId = unique('g');
    const strict = new FerryConsumer<Map<string, unknown>>(broker.client, {
      serde,
      groupId,
      consumer: { retry: { retries: 0, restartOnFailure: async () => false } },
    });
    const seen: number[] = [];
    const crash = await consumeUntil(strict, topic, (g) => {
      seen.push(...g.slice(seen.length).map((x) => x.value!.get('n') as number));
      return false;
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // kafkajs reports it wrapped (KafkaJSNumberOfRetriesExceeded), with our error as the cause.
    const error = (crash as { cause?: unknown }).cause;
    expect(error).toBeInstanceOf(FerryKafkaError);
    expect((error as FerryKafkaError).code).toBe('COMPANION_MISSING');
    expect((error as FerryKafkaError).offset).toBe('1');
    expect(seen).toEqual([0]);
    const [committed] = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions;
    expect(BigInt(committed!.offset)).toBeLessThanOrEqual(1n);

    // 2. With a dead-letter hook: the record goes to <topic>.dlq untouched and the next one is read.
    const dlqProducer = broker.client.producer();
    await dlqProducer.connect();
    const lenient = new FerryConsumer<Map<string, unknown>>(broker.client, { serde, groupId, deadLetter: deadLetterTopic(dlqProducer) });
    const got = await consumeUntil(lenient, topic, (g) => g.some((x) => x.value!.get('n') === 2));
    await dlqProducer.disconnect();
    expect(got.map((g) => g.value!.get('n'))).toEqual(BigInt(committed!.offset) === 1n ? [2] : [0, 2]);
    const [dead] = await consumeN(broker.client.consumer({ groupId: unique('g') }), `${topic}.dlq`, 1);
    expect(dead!.headers!['ferry-dlq-code']!.toString()).toBe('COMPANION_MISSING');
    expect(dead!.headers!['ferry-dlq-offset']!.toString()).toBe('1');
    expect(dead!.headers!['ferry-oob-ref-0']).toBeDefined(); // the original headers travel along
    await admin.disconnect();
  }, 120_000);
});
