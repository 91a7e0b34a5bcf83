// The serde end to end through a real Kafka broker (scripts/kafka/start.mjs) with kafkajs 2.2.4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { Fory } from '@ferry/core';
import { createFerrySerde, FerryKafkaError } from '../src/index.js';
import { client, consumeN, startKafka, unique, type RunningKafka } from './helpers.js';

let kafka: RunningKafka;

beforeAll(async () => {
  kafka = await startKafka();
}, 120_000);

afterAll(async () => {
  await kafka?.stop();
});

const fory = new Fory();

function value(i: number) {
  return { i, label: `record ${i}`, samples: Float64Array.from({ length: 2048 }, (_, j) => i + j / 7), raw: new Uint8Array(4096).fill(i) };
}

describe('@ferry/kafka over a real broker', () => {
  it('round-trips in-band and out-of-band records on one topic, keeping user headers', async () => {
    const k = client(kafka);
    const topic = unique('serde');
    const inband = createFerrySerde(fory);
    const oob = createFerrySerde(fory, { outOfBand: 1024 });
    const producer = k.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', ...inband.encode(value(1), { topic, headers: { trace: 't1' } }) },
        { key: 'b', ...oob.encode(value(2), { topic, headers: { trace: 't2' } }) },
      ],
    });
    await producer.disconnect();

    const got = await consumeN(k.consumer({ groupId: unique('g') }), topic, 2);
    expect(got[0]!.headers!['ferry-layout']).toBeUndefined();
    expect(got[1]!.headers!['ferry-oob-count']!.toString()).toBe('2');
    expect((got[1]!.headers!['ferry-oob-0'] as Buffer).byteLength).toBe(2048 * 8 + 1); // 0x00 + the bytes
    for (const [n, m] of got.entries()) {
      const back = inband.decode<Map<string, unknown>>(m)!;
      const want = value(n + 1);
      expect(back.get('i')).toBe(want.i);
      expect(back.get('label')).toBe(want.label);
      expect(back.get('samples')).toEqual(want.samples);
      expect(back.get('raw')).toEqual(want.raw);
      expect(m.headers!.trace!.toString()).toBe(`t${n + 1}`);
    }
  });

  it('transactional produce, read_committed consume', async () => {
    const k = client(kafka);
    const topic = unique('serde-tx');
    const serde = createFerrySerde(fory, { outOfBand: 1024 });
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    await admin.disconnect();
    const producer = k.producer({ transactionalId: unique('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [serde.encode(value(66), { topic })] });
    await aborted.abort();
    const tx = await producer.transaction();
    await tx.send({ topic, messages: [3, 4].map((i) => serde.encode(value(i), { topic })) });
    await tx.commit();
    await producer.disconnect();

    const got = await consumeN(k.consumer({ groupId: unique('g') }), topic, 2);
    expect(got.map((m) => serde.decode<Map<string, unknown>>(m)!.get('i'))).toEqual([3, 4]);
    expect(serde.decode<Map<string, unknown>>(got[1]!)!.get('samples')).toEqual(value(4).samples);
  });

  it('maxRecordBytes is an upper bound the broker agrees with', async () => {
    const k = client(kafka);
    const topic = unique('serde-limit');
    const limit = 20_000;
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, configEntries: [{ name: 'max.message.bytes', value: String(limit) }] }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const serde = createFerrySerde(fory, { outOfBand: 0, maxRecordBytes: limit, companion: false });
    const producer = k.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    let n = limit;
    try {
      // Largest binary the serde accepts: the broker must accept it too.
      while (n > 0) {
        try {
          serde.encode(new Uint8Array(n), { topic });
          break;
        } catch (e) {
          expect(e).toBeInstanceOf(FerryKafkaError);
          n -= 1;
        }
      }
      expect(n).toBeGreaterThan(limit - 200);
      await producer.send({ topic, messages: [serde.encode(new Uint8Array(n).fill(5), { topic })] });
      expect(() => serde.encode(new Uint8Array(n + 1), { topic })).toThrow(FerryKafkaError);
      // Without the serde's check, the broker rejects a record over its limit.
      await expect(producer.send({ topic, messages: [{ value: Buffer.alloc(limit + 1) }] })).rejects.toThrow(/larger than/);
    } finally {
      await producer.disconnect();
    }
    const [m] = await consumeN(k.consumer({ groupId: unique('g') }), topic, 1);
    const back = serde.decode<Uint8Array>(m!)!;
    expect(back).toBeInstanceOf(Uint8Array);
    expect(back.byteLength).toBe(n);
    expect(back.every((b) => b === 5)).toBe(true);
  });
});
