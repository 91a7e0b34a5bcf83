import type { Admin, Consumer, ConsumerConfig, Kafka, KafkaMessage } from 'kafkajs';
import { crc32c, crcHex } from './crc32c.js';
import { FerryKafkaError, type RecordOrigin } from './errors.js';
import { BLOB_CHUNK_HEADER, BLOB_CRC_HEADER, BLOB_ID_HEADER, type CompanionRef } from './layout.js';
import { headerText, singleHeader } from './serde.js';

export interface CompanionReaderOptions {
  /** The reader's own consumer group (it never commits). Default: `ferry-oob-reader-<random>`. */
  groupId?: string;
  /** Bytes of companion chunks kept for later messages (nearby chunks of other blobs). Default 64 MiB. */
  cacheBytes?: number;
  /** How long a fetch may wait for its chunks. Default 30 000 ms. */
  timeoutMs?: number;
  /** The largest blob a reference may announce (checked before any allocation). Default 1 GiB. */
  maxBlobBytes?: number;
  /** Further kafkajs consumer settings for the reader. */
  consumer?: Omit<ConsumerConfig, 'groupId'>;
}

interface CachedBlob {
  readonly id: string;
  readonly count: number;
  readonly chunks: (Buffer | undefined)[];
  /** Each chunk's CRC-32C, computed (and checked) when it arrived. */
  readonly crcs: number[];
  received: number;
  bytes: number;
}

interface Waiter {
  readonly ref: CompanionRef;
  readonly origin: RecordOrigin | undefined;
  readonly last: bigint;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

const partitionKey = (topic: string, partition: number) => `${partition}\u0000${topic}`;

/**
 * Fetches companion-topic blobs on demand. It runs one kafkajs consumer in a group of its own
 * (so it is assigned every partition of the companion topics), keeps every partition paused, and
 * for each fetch seeks the blob's partition to the reference's first offset and resumes it until
 * the chunks have arrived. Chunks of other blobs that come along are cached, so the next messages'
 * blobs are usually already there.
 */
export class CompanionReader {
  private consumer: Consumer | undefined;
  private readonly admin: Admin;
  private readonly kafka: Kafka;
  private readonly consumerConfig: ConsumerConfig;
  private readonly cacheBytes: number;
  private readonly timeoutMs: number;
  private readonly maxBlobBytes: number;
  private readonly blobs = new Map<string, CachedBlob>();
  private cachedBytes = 0;
  private readonly waiters = new Map<string, Waiter>();
  /** Fetches on one partition run one at a time (each seeks it). */
  private readonly queues = new Map<string, Promise<unknown>>();
  private topics: string[] = [];
  private generation = 0;
  private joined: Promise<void> | undefined;
  private running = false;
  /** Serializes (re)starts of the consumer when the topic set grows. */
  private topicChange: Promise<void> = Promise.resolve();

  constructor(kafka: Kafka, options: CompanionReaderOptions = {}) {
    this.kafka = kafka;
    this.consumerConfig = {
      // A paused reader idles in kafkajs' fetch loop for maxWaitTimeInMs: keep it short so a fetch
      // starts promptly; fetch whole blobs in few round trips.
      maxWaitTimeInMs: 50,
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      ...options.consumer,
      groupId: options.groupId ?? `ferry-oob-reader-${globalThis.crypto.randomUUID()}`,
    };
    this.admin = kafka.admin();
    this.cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBlobBytes = options.maxBlobBytes ?? 1024 * 1024 * 1024;
  }

  /**
   * Connects and starts reading `topics` (all paused until a fetch needs one). Topics a reference
   * names later are added then (the reader's consumer is recreated with the larger set).
   */
  async start(topics: readonly string[] = []): Promise<void> {
    if (this.running) throw new Error('CompanionReader already started');
    this.running = true;
    await this.admin.connect();
    await this.subscribeTo(topics);
  }

  private subscribeTo(topics: readonly string[]): Promise<void> {
    const next = this.topicChange.then(async () => {
      const all = [...new Set([...this.topics, ...topics])];
      if (all.length === this.topics.length && this.consumer !== undefined) return;
      if (this.consumer !== undefined) await this.consumer.disconnect();
      this.consumer = undefined;
      this.topics = all;
      if (all.length === 0) return;
      // Companion topics may not exist yet (nothing large sent so far): create them empty.
      const existing = new Set(await this.admin.listTopics());
      const missing = all.filter((t) => !existing.has(t));
      if (missing.length > 0) {
        try {
          await this.admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
        } catch (error) {
          if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
        }
      }
      // A fresh group per consumer: every partition is assigned to it, and nothing is committed.
      const consumer = this.kafka.consumer({ ...this.consumerConfig, groupId: `${this.consumerConfig.groupId}-${this.generation++}` });
      // Pause at the first join: kafkajs refuses pause() until the group is initialized, which
      // `run()` does not wait for. Until then it fetches from the end of the log (nothing).
      this.joined = new Promise<void>((resolve) => {
        const off = consumer.on(consumer.events.GROUP_JOIN, () => {
          off();
          consumer.pause(all.map((topic) => ({ topic })));
          resolve();
        });
      });
      await consumer.connect();
      await consumer.subscribe({ topics: all, fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) this.take(batch.topic, batch.partition, message);
        },
      });
      this.consumer = consumer;
    });
    this.topicChange = next.catch(() => undefined);
    return next;
  }

  /** The verified bytes of the blob `ref` points to. */
  fetch(ref: CompanionRef, origin?: RecordOrigin): Promise<Uint8Array> {
    if (!this.running) return Promise.reject(new Error('CompanionReader not started'));
    if (ref.length > this.maxBlobBytes) {
      return Promise.reject(
        new FerryKafkaError('COMPANION_CORRUPT', `Companion blob of ${ref.length} bytes exceeds maxBlobBytes (${this.maxBlobBytes})`, origin),
      );
    }
    const cached = this.blobs.get(ref.id);
    if (cached !== undefined && cached.received === cached.count) {
      try {
        return Promise.resolve(this.assemble(ref, cached, origin));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const key = partitionKey(ref.topic, ref.partition);
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.fetchNow(ref, origin));
    this.queues.set(key, run);
    return run;
  }

  private async fetchNow(ref: CompanionRef, origin: RecordOrigin | undefined): Promise<Uint8Array> {
    if (!this.topics.includes(ref.topic)) await this.subscribeTo([ref.topic]);
    const cached = this.blobs.get(ref.id);
    if (cached !== undefined && cached.received === cached.count) return this.assemble(ref, cached, origin);
    await this.joined;
    const consumer = this.consumer!;
    const offsets = await this.admin.fetchTopicOffsets(ref.topic);
    const p = offsets.find((o) => o.partition === ref.partition);
    if (p === undefined) {
      throw new FerryKafkaError('COMPANION_MISSING', `Companion topic "${ref.topic}" has no partition ${ref.partition}`, origin);
    }
    if (BigInt(p.low) > BigInt(ref.first)) {
      throw new FerryKafkaError(
        'COMPANION_MISSING',
        `Companion records ${ref.first}…${ref.last} of "${ref.topic}"/${ref.partition} are gone (log starts at ${p.low})`,
        origin,
      );
    }
    const key = partitionKey(ref.topic, ref.partition);
    const bytes = new Promise<Uint8Array>((resolve, reject) => {
      this.waiters.set(key, { ref, origin, last: BigInt(ref.last), resolve, reject });
    });
    const timer = setTimeout(() => {
      this.settle(key, new FerryKafkaError('COMPANION_TIMEOUT', `Companion blob ${ref.id} did not arrive within ${this.timeoutMs} ms`, origin));
    }, this.timeoutMs);
    consumer.seek({ topic: ref.topic, partition: ref.partition, offset: ref.first });
    consumer.resume([{ topic: ref.topic, partitions: [ref.partition] }]);
    try {
      return await bytes;
    } finally {
      clearTimeout(timer);
      consumer.pause([{ topic: ref.topic, partitions: [ref.partition] }]);
    }
  }

  /** Stores one fetched companion record and wakes the fetch waiting on its partition. */
  private take(topic: string, partition: number, message: KafkaMessage): void {
    const key = partitionKey(topic, partition);
    const waiter = this.waiters.get(key);
    try {
      this.store(message);
    } catch (error) {
      // A malformed record only matters to the fetch that asked for it.
      const id = message.headers?.[BLOB_ID_HEADER];
      if (waiter !== undefined && typeof id !== 'undefined' && !Array.isArray(id) && headerText(id) === waiter.ref.id) {
        this.settle(key, error as Error);
      }
      return;
    }
    if (waiter === undefined) return;
    const blob = this.blobs.get(waiter.ref.id);
    if (blob !== undefined && blob.received === blob.count) {
      try {
        this.settle(key, this.assemble(waiter.ref, blob, waiter.origin));
      } catch (error) {
        this.settle(key, error as Error);
      }
    } else if (BigInt(message.offset) >= waiter.last) {
      this.settle(
        key,
        new FerryKafkaError(
          'COMPANION_MISSING',
          `Companion blob ${waiter.ref.id}: only ${blob?.received ?? 0} of ${waiter.ref.chunks} chunks in offsets ${waiter.ref.first}…${waiter.ref.last} of "${topic}"/${partition}`,
          waiter.origin,
        ),
      );
    }
  }

  private settle(key: string, result: Uint8Array | Error): void {
    const waiter = this.waiters.get(key);
    if (waiter === undefined) return;
    this.waiters.delete(key);
    if (result instanceof Error) waiter.reject(result);
    else waiter.resolve(result);
  }

  private store(message: KafkaMessage): void {
    const headers = message.headers ?? {};
    const idHeader = singleHeader(headers, BLOB_ID_HEADER);
    if (idHeader === undefined) return; // not a companion chunk: ignore
    const id = headerText(idHeader);
    const chunkHeader = singleHeader(headers, BLOB_CHUNK_HEADER);
    const crcHeader = singleHeader(headers, BLOB_CRC_HEADER);
    const m = chunkHeader === undefined ? null : /^(0|[1-9][0-9]{0,8})\/([1-9][0-9]{0,8})$/.exec(headerText(chunkHeader));
    const value = message.value;
    if (m === null || crcHeader === undefined || value === null) {
      throw new FerryKafkaError('COMPANION_CORRUPT', `Companion record at offset ${message.offset} has malformed chunk headers`);
    }
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (index >= count) throw new FerryKafkaError('COMPANION_CORRUPT', `Chunk index ${index} ≥ count ${count} at offset ${message.offset}`);
    const chunkCrc = crc32c(value);
    if (crcHex(chunkCrc) !== headerText(crcHeader)) {
      throw new FerryKafkaError('COMPANION_CORRUPT', `Companion chunk ${index}/${count} of blob ${id} fails its CRC-32C (offset ${message.offset})`);
    }
    let blob = this.blobs.get(id);
    if (blob === undefined) {
      blob = { id, count, chunks: new Array<Buffer | undefined>(count).fill(undefined), crcs: new Array<number>(count).fill(0), received: 0, bytes: 0 };
      this.blobs.set(id, blob);
    } else if (blob.count !== count) {
      throw new FerryKafkaError('COMPANION_CORRUPT', `Blob ${id} announces ${count} chunks at offset ${message.offset}, earlier ${blob.count}`);
    }
    if (blob.chunks[index] === undefined) {
      blob.chunks[index] = value;
      blob.crcs[index] = chunkCrc;
      blob.received++;
      blob.bytes += value.byteLength;
      this.cachedBytes += value.byteLength;
      this.evict();
    }
  }

  /** Drops the oldest cached blobs beyond `cacheBytes`, never one a fetch is waiting for. */
  private evict(): void {
    if (this.cachedBytes <= this.cacheBytes) return;
    const wanted = new Set([...this.waiters.values()].map((w) => w.ref.id));
    for (const [id, blob] of this.blobs) {
      if (this.cachedBytes <= this.cacheBytes) break;
      if (wanted.has(id)) continue;
      this.blobs.delete(id);
      this.cachedBytes -= blob.bytes;
    }
  }

  /** Joins and verifies a complete blob (count, length, CRC-32C of the whole). */
  private assemble(ref: CompanionRef, blob: CachedBlob, origin: RecordOrigin | undefined): Uint8Array {
    if (blob.count !== ref.chunks) {
      throw new FerryKafkaError('COMPANION_CORRUPT', `Blob ${ref.id} has ${blob.count} chunks, its reference says ${ref.chunks}`, origin);
    }
    let length = 0;
    for (const c of blob.chunks) length += c!.byteLength;
    if (length !== ref.length) {
      throw new FerryKafkaError('COMPANION_TRUNCATED', `Blob ${ref.id} has ${length} bytes, its reference says ${ref.length}`, origin);
    }
    let bytes: Uint8Array;
    let crc = 0;
    if (blob.count === 1) {
      // One chunk: the blob's checksum is the chunk's, computed when it arrived.
      bytes = blob.chunks[0]!;
      crc = blob.crcs[0]!;
    } else {
      // A fresh, 8-aligned array: zero-copy readers can view typed arrays in it directly.
      bytes = new Uint8Array(length);
      let at = 0;
      for (const c of blob.chunks) {
        bytes.set(c!, at);
        crc = crc32c(c!, crc);
        at += c!.byteLength;
      }
    }
    if (crcHex(crc) !== ref.crc32c) {
      throw new FerryKafkaError('COMPANION_CORRUPT', `Blob ${ref.id} fails its CRC-32C`, origin);
    }
    // Delivered once: free the cache (a redelivered message fetches again).
    this.blobs.delete(ref.id);
    this.cachedBytes -= blob.bytes;
    return bytes;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const key of [...this.waiters.keys()]) this.settle(key, new Error('CompanionReader stopped'));
    await this.topicChange;
    await Promise.allSettled([this.consumer?.disconnect(), this.admin.disconnect()]);
    this.consumer = undefined;
    this.topics = [];
  }
}
