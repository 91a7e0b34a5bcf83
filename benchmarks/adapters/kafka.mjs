// Kafka: produce + consume throughput (msgs/s, MB/s of record values) through the repo's real broker
// (scripts/kafka/start.mjs, Apache Kafka in KRaft mode on 127.0.0.1) with kafkajs 2.2.4, for
//  - small values: the MediaContent data set (Ferry schema-consistent struct vs JSON),
//  - 4 MiB values: a struct holding a 512 Ki-element Float64Array (Ferry in-band, Ferry with the
//    array out-of-band in a record header, Ferry with it in a companion topic of 1 MiB chunk records
//    (FerryProducer / FerryConsumer), and JSON with the array as a number list).
// Produce: batches of messages per send(), acks from all replicas (one broker). Consume: a fresh
// group from the beginning, every value decoded; timed from the first to the last message (the
// group join before the first fetch is not the serde's cost).
// Run: node benchmarks/adapters/kafka.mjs [--quick]   (packages must be built; needs Java for the broker)
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { Fory, Type } from '@ferry/core';
import { createFerrySerde, FerryConsumer, FerryProducer } from '@ferry/kafka';
import { startKafka } from '../../scripts/kafka/start.mjs';
import { DATASETS } from '../codec/datasets.mjs';
import { ferrySchemas, ferryValue } from '../codec/codecs.mjs';
import { mediaContent, sig } from './common.mjs';

const LARGE_ELEMENTS = 512 * 1024; // 4 MiB of float64
const TOPIC_MAX_BYTES = 64 * 1024 * 1024;

const Samples = Type.struct({ id: 9001 }, { name: Type.string(), samples: Type.float64Array() });

function jsonSerde() {
  return {
    encode: (value) => ({ value: Buffer.from(JSON.stringify(value)) }),
    decode: (message) => JSON.parse(message.value.toString('utf8')),
  };
}

function ferrySerde(outOfBand) {
  const fory = new Fory({ compatible: false }).register(...ferrySchemas.enums, ...Object.values(ferrySchemas.structs), Samples);
  // Out-of-band buffers in record headers (the topic allows 64 MiB records), no companion topic.
  const serde = createFerrySerde(fory, {
    maxRecordBytes: TOPIC_MAX_BYTES,
    ...(outOfBand ? { outOfBand, headerBufferMaxBytes: TOPIC_MAX_BYTES, companion: false } : {}),
  });
  return { fory, encode: (value, topic) => serde.encode(value, { topic }), decode: (message) => serde.decode(message) };
}

/** The cases: each serde with the value it sends (Ferry values are decoded structs: they carry their type). */
function cases(quick) {
  const mcFerry = ferrySerde();
  const mcStruct = mcFerry.fory.deserialize(mcFerry.fory.serialize(ferryValue(DATASETS.find((d) => d.name === 'MediaContent')), ferrySchemas.structs.MediaContent));
  const samples = Float64Array.from({ length: LARGE_ELEMENTS }, (_, i) => Math.sin(i) * 1e3);
  const large = (fory) => fory.deserialize(fory.serialize({ name: 'sensor-7', samples }, Samples));
  const inBand = ferrySerde();
  const outOfBand = ferrySerde(64 * 1024);
  const small = quick ? 2000 : 20000;
  const big = quick ? 4 : 16;
  return [
    { group: 'small (MediaContent)', serde: 'Ferry', codec: mcFerry, value: mcStruct, count: small, batch: 500 },
    { group: 'small (MediaContent)', serde: 'JSON', codec: jsonSerde(), value: mediaContent(), count: small, batch: 500 },
    { group: '4 MiB Float64Array', serde: 'Ferry in-band', codec: inBand, value: large(inBand.fory), count: big, batch: 1 },
    { group: '4 MiB Float64Array', serde: 'Ferry out-of-band (header)', codec: outOfBand, value: large(outOfBand.fory), count: big, batch: 1 },
    { group: '4 MiB Float64Array', serde: 'JSON', codec: jsonSerde(), value: { name: 'sensor-7', samples: Array.from(samples) }, count: big, batch: 1 },
  ];
}

/** Mean µs per call of `fn` over at least 300 ms (after a short warm-up). */
function usPerCall(fn) {
  let sink;
  for (let i = 0; i < 20; i++) sink = fn();
  let n = 0;
  const t0 = performance.now();
  let t;
  do {
    sink = fn();
    n++;
    t = performance.now();
  } while (t - t0 < 300);
  if (sink === Symbol.for('never')) console.log('');
  return ((t - t0) * 1000) / n;
}

/**
 * Runs `consumer` until `count` records went through `handle` (kafkajs messages with 'batch', decoded
 * values from FerryConsumer with 'message'); resolves with the first and last arrival times.
 */
function consumeAll(consumer, count, label, mode, handle) {
  let received = 0;
  let first = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: consumed ${received}/${count} within 120 s`)), 120_000);
    const take = (item) => {
      if (received === 0) first = performance.now();
      try {
        handle(item);
      } catch (e) {
        clearTimeout(timer);
        reject(e);
      }
      received++;
    };
    const settle = () => {
      if (received < count) return;
      clearTimeout(timer);
      resolve({ first, last: performance.now() });
    };
    const handlers =
      mode === 'batch'
        ? { eachBatch: async ({ batch }) => { for (const m of batch.messages) take(m); settle(); } }
        : { eachMessage: async ({ value }) => { take(value); settle(); } };
    consumer.run(handlers).catch(reject);
  });
}

/** Value plus header bytes: what the record carries (out-of-band buffers travel in headers). */
function recordBytes(m) {
  let n = m.value.length;
  for (const v of Object.values(m.headers ?? {})) n += typeof v === 'string' ? Buffer.byteLength(v) : v.length;
  return n;
}

async function runCase(kafka, admin, c, index) {
  const topic = `ferry-bench-${Date.now()}-${index}`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_BYTES) }] }],
    waitForLeaders: true,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let valueBytes = 0;
  const t0 = performance.now();
  for (let sent = 0; sent < c.count; sent += c.batch) {
    const messages = [];
    for (let i = 0; i < c.batch && sent + i < c.count; i++) {
      const m = c.codec.encode(c.value, topic);
      valueBytes += recordBytes(m);
      messages.push(m);
    }
    await producer.send({ topic, acks: -1, messages });
  }
  const produceMs = performance.now() - t0;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxBytes: TOPIC_MAX_BYTES, maxBytesPerPartition: TOPIC_MAX_BYTES, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const kept = [];
  let sink;
  const { first, last } = await consumeAll(consumer, c.count, c.serde, 'batch', (message) => {
    sink = c.codec.decode(message);
    if (kept.length < 64) kept.push(message);
  });
  await consumer.disconnect();
  if (!sink) throw new Error('nothing decoded');
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  // The serde's own cost per record, warm, after the run (the broker shares the 2 cores during it).
  const encodeUs = usPerCall(() => c.codec.encode(c.value, topic));
  let k = 0;
  const decodeUs = usPerCall(() => c.codec.decode(kept[k++ % kept.length]));
  // The first message's own decode is inside the window; the window spans count - 1 gaps plus it.
  const consumeMs = Math.max(last - first, 0.001);
  const mb = valueBytes / 2 ** 20;
  return {
    group: c.group,
    serde: c.serde,
    messages: c.count,
    recordBytes: Math.round(valueBytes / c.count),
    produce: { msgsPerSec: sig((c.count * 1000) / produceMs), mbPerSec: sig((mb * 1000) / produceMs), encodeUsPerMsg: sig(encodeUs) },
    consume: { msgsPerSec: sig((c.count * 1000) / consumeMs), mbPerSec: sig((mb * 1000) / consumeMs), decodeUsPerMsg: sig(decodeUs) },
  };
}

/**
 * The companion-topic layout: FerryProducer writes each large buffer as ≤ 1 MiB chunk records to
 * `<topic>.ferry-oob` and a small main record referring to them; FerryConsumer reassembles (CRC-32C
 * checked) before decoding. Both topics keep Kafka's default 1 MiB record limit.
 */
async function runCompanionCase(kafka, admin, c, index) {
  const topic = `ferry-bench-${Date.now()}-${index}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  const fory = new Fory({ compatible: false }).register(Samples);
  const serde = createFerrySerde(fory, { outOfBand: 64 * 1024 });
  const value = fory.deserialize(fory.serialize(c.largeValue, Samples));
  const producer = new FerryProducer(kafka, { serde });
  await producer.connect();
  const t0 = performance.now();
  for (let i = 0; i < c.count; i++) await producer.send({ topic, acks: -1, messages: [{ value }] });
  const produceMs = performance.now() - t0;
  await producer.disconnect();
  const consumer = new FerryConsumer(kafka, { serde, groupId: `${topic}-g`, consumer: { maxBytes: TOPIC_MAX_BYTES, maxWaitTimeInMs: 50 } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const { first, last } = await consumeAll(consumer, c.count, c.serde, 'message', (v) => {
    if (v.samples.length !== LARGE_ELEMENTS) throw new Error('companion: wrong array');
  });
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic, serde.companionTopic(topic)].filter(Boolean) }).catch(() => {});
  const bytes = LARGE_ELEMENTS * 8;
  const mb = (bytes * c.count) / 2 ** 20;
  const consumeMs = Math.max(last - first, 0.001);
  return {
    group: c.group,
    serde: c.serde,
    messages: c.count,
    recordBytes: bytes,
    produce: { msgsPerSec: sig((c.count * 1000) / produceMs), mbPerSec: sig((mb * 1000) / produceMs), encodeUsPerMsg: '—' },
    consume: { msgsPerSec: sig((c.count * 1000) / consumeMs), mbPerSec: sig((mb * 1000) / consumeMs), decodeUsPerMsg: '—' },
  };
}

export async function runKafkaBench({ quick = false, log = console.log } = {}) {
  const broker = await startKafka();
  const kafka = new Kafka({ clientId: 'ferry-bench', brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  const admin = kafka.admin();
  await admin.connect();
  const results = [];
  try {
    let i = 0;
    const all = cases(quick);
    // Warm-up pass with the same serde instances (kafkajs, the broker's JIT, each serde's compiled
    // code), not recorded.
    for (const c of all) await runCase(kafka, admin, { ...c, count: c.batch === 1 ? 2 : quick ? 2000 : 5000 }, i++);
    const companion = {
      group: '4 MiB Float64Array',
      serde: 'Ferry out-of-band (companion topic, 1 MiB records)',
      largeValue: { name: 'sensor-7', samples: all.find((c) => c.serde === 'Ferry in-band').value.samples },
      count: quick ? 4 : 16,
    };
    for (const c of [...all, companion]) {
      const r = c.largeValue ? await runCompanionCase(kafka, admin, c, i++) : await runCase(kafka, admin, c, i++);
      results.push(r);
      log(
        `  ${r.group} / ${r.serde}: ${r.recordBytes} B/msg; produce ${r.produce.msgsPerSec} msgs/s (${r.produce.mbPerSec} MB/s, encode ${r.produce.encodeUsPerMsg} µs/msg), ` +
          `consume ${r.consume.msgsPerSec} msgs/s (${r.consume.mbPerSec} MB/s, decode ${r.consume.decodeUsPerMsg} µs/msg)`,
      );
    }
  } finally {
    await admin.disconnect();
    await broker.stop();
  }
  return {
    note: `Apache Kafka (KRaft, one broker on 127.0.0.1, started by scripts/kafka/start.mjs), kafkajs 2.2.4, one partition per topic, after an unrecorded warm-up pass of every case, max.message.bytes ${TOPIC_MAX_BYTES}. Produce: send() of 500 small messages or 1 large message at a time, acks -1; consume: eachBatch, every value decoded, timed first to last message; encode/decode µs/msg = the serde's own time per record, measured warm after each run. MB = MiB of record values plus headers (where out-of-band buffers travel).`,
    results,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runKafkaBench({ quick: process.argv.includes('--quick') }), null, 1));
}
