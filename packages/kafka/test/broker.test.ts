// The real broker (scripts/kafka/start.mjs: Apache Kafka from Maven Central, KRaft) with plain kafkajs:
// proves the test harness itself before the serde is tested on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { client, consumeN, startKafka, unique, type RunningKafka } from './helpers.js';

let kafka: RunningKafka;

beforeAll(async () => {
  kafka = await startKafka();
}, 120_000);

afterAll(async () => {
  await kafka?.stop();
});

describe('real Kafka broker (KRaft)', () => {
  it('produces and consumes a message on an auto-created topic', async () => {
    const k = client(kafka);
    const topic = unique('plain');
    const producer = k.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k1', value: 'hello', headers: { h: 'v' } }] });
    await producer.disconnect();

    const [m] = await consumeN(k.consumer({ groupId: unique('g') }), topic, 1);
    expect(m!.key!.toString()).toBe('k1');
    expect(m!.value!.toString()).toBe('hello');
    expect(String(m!.headers!.h)).toBe('v');
  });

  it('read_committed consumers see committed transactions only', async () => {
    const k = client(kafka);
    const topic = unique('txn');
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = k.producer({
      transactionalId: unique('tx'),
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ value: 'committed-1' }, { value: 'committed-2' }] });
    await committed.commit();
    await producer.disconnect();

    const readCommitted = await consumeN(k.consumer({ groupId: unique('rc') }), topic, 2);
    expect(readCommitted.map((m) => m.value!.toString())).toEqual(['committed-1', 'committed-2']);

    // read_uncommitted sees the aborted record too (control records are never delivered).
    const readUncommitted = await consumeN(k.consumer({ groupId: unique('ru'), readUncommitted: true }), topic, 3);
    expect(readUncommitted.map((m) => m.value!.toString())).toEqual(['aborted', 'committed-1', 'committed-2']);
  });
});
