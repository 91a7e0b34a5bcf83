import type { Admin, CompressionTypes, Kafka, Producer, ProducerConfig, RecordMetadata, Transaction } from 'kafkajs';
import type { BlobPlacement, CompanionBlob, EncodedRecord, FerrySerde, RecordHeaders, RecordKey } from './serde.js';

/** One message of a FerryProducer send: `value` is any value the serde's Fory can write. */
export interface FerryMessage {
  key?: RecordKey;
  value: unknown;
  headers?: RecordHeaders;
  partition?: number;
  timestamp?: string;
}

export interface FerryProducerRecord {
  topic: string;
  messages: FerryMessage[];
  acks?: number;
  timeout?: number;
  compression?: CompressionTypes;
}

export interface FerryProducerOptions {
  serde: FerrySerde;
  /** kafkajs producer settings (e.g. `transactionalId`, `idempotent`, `maxInFlightRequests: 1` for transactions). */
  producer?: ProducerConfig;
  /**
   * Create each companion topic before its first use with the main topic's partition count, so
   * equal keys land on equal partitions in both. Default true (needs the right to create topics);
   * with false the broker's auto-creation or your own topic setup applies.
   */
  createCompanionTopics?: boolean;
  /** Companion chunk records in flight at once per blob. Default 4. */
  maxInFlightChunks?: number;
}

/** Something with kafkajs' `send`: a Producer or a Transaction. */
type Sender = Pick<Producer, 'send'> | Pick<Transaction, 'send'>;

/**
 * A kafkajs producer that sends values through a FerrySerde: small out-of-band buffers travel in the
 * record's headers; large ones are chunked into the companion topic first, and the main record
 * refers to them. Without a transaction, companion records are acknowledged before the main record
 * is sent; inside `transaction()`, all of them commit or abort together.
 */
export class FerryProducer {
  readonly producer: Producer;
  private readonly admin: Admin | undefined;
  private readonly serde: FerrySerde;
  private readonly maxInFlight: number;
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(kafka: Kafka, options: FerryProducerOptions) {
    this.serde = options.serde;
    this.producer = kafka.producer(options.producer);
    this.admin = options.createCompanionTopics === false ? undefined : kafka.admin();
    this.maxInFlight = Math.max(1, options.maxInFlightChunks ?? 4);
  }

  async connect(): Promise<void> {
    await Promise.all([this.producer.connect(), this.admin?.connect()]);
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin?.disconnect()]);
  }

  /** Encodes and sends; resolves with the main records' metadata (as kafkajs' `send`). */
  send(record: FerryProducerRecord): Promise<RecordMetadata[]> {
    return this.sendThrough(this.producer, record);
  }

  /** Starts a kafkajs transaction (needs `producer.transactionalId`) whose `send` takes values. */
  async transaction(): Promise<FerryTransaction> {
    const tx = await this.producer.transaction();
    return {
      send: (record) => this.sendThrough(tx, record),
      commit: () => tx.commit(),
      abort: () => tx.abort(),
      isActive: () => tx.isActive(),
      sendOffsets: (offsets) => tx.sendOffsets(offsets),
    };
  }

  /**
   * Encodes one message for `topic` and writes its companion records (acknowledged before this
   * resolves); returns the main record to send yourself, e.g. from a framework's serializer hook.
   */
  prepare(topic: string, message: FerryMessage): Promise<EncodedRecord> {
    return this.prepareThrough(this.producer, topic, message, {});
  }

  private async prepareThrough(
    sender: Sender,
    topic: string,
    m: FerryMessage,
    common: { acks?: number; timeout?: number },
  ): Promise<EncodedRecord> {
    const parts = this.serde.encodeParts(m.value, {
      topic,
      ...(m.key === undefined ? {} : { key: m.key }),
      ...(m.headers === undefined ? {} : { headers: m.headers }),
    });
    if (parts.blobs.length === 0) return parts.record;
    const placements: BlobPlacement[] = [];
    for (const blob of parts.blobs) placements.push(await this.writeBlob(sender, blob, topic, m.partition, common));
    return this.serde.completeRecord(parts, placements);
  }

  private async sendThrough(sender: Sender, record: FerryProducerRecord): Promise<RecordMetadata[]> {
    const { topic, acks, timeout, compression } = record;
    const common = {
      ...(acks === undefined ? {} : { acks }),
      ...(timeout === undefined ? {} : { timeout }),
    };
    const main: (EncodedRecord & { partition?: number; timestamp?: string })[] = [];
    for (const m of record.messages) {
      const encoded = await this.prepareThrough(sender, topic, m, common);
      main.push({
        ...encoded,
        ...(m.partition === undefined ? {} : { partition: m.partition }),
        ...(m.timestamp === undefined ? {} : { timestamp: m.timestamp }),
      });
    }
    return sender.send({ topic, messages: main, ...common, ...(compression === undefined ? {} : { compression }) });
  }

  /**
   * Sends one blob's chunk records, one per request (the broker's size limit applies to a whole
   * batch). The first chunk picks the partition (explicit, or by key like the main record); the
   * rest follow it so the reference names one partition and an offset range.
   */
  private async writeBlob(
    sender: Sender,
    blob: CompanionBlob,
    mainTopic: string,
    partition: number | undefined,
    common: { acks?: number; timeout?: number },
  ): Promise<BlobPlacement> {
    await this.ensureCompanionTopic(mainTopic, blob.topic);
    const sendChunk = async (chunk: EncodedRecord, p: number | undefined) => {
      const [meta] = await sender.send({
        topic: blob.topic,
        messages: [p === undefined ? chunk : { ...chunk, partition: p }],
        ...common,
      });
      if (meta === undefined || meta.baseOffset === undefined) throw new Error(`No metadata for companion record of ${blob.topic}`);
      return meta;
    };
    const first = await sendChunk(blob.chunks[0]!, partition);
    const offsets: bigint[] = [BigInt(first.baseOffset!)];
    let next = 1;
    const worker = async () => {
      while (next < blob.chunks.length) {
        const chunk = blob.chunks[next++]!;
        const meta = await sendChunk(chunk, first.partition);
        offsets.push(BigInt(meta.baseOffset!));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxInFlight, blob.chunks.length - 1) }, worker));
    let lo = offsets[0]!;
    let hi = offsets[0]!;
    for (const o of offsets) {
      if (o < lo) lo = o;
      if (o > hi) hi = o;
    }
    return { partition: first.partition, first: String(lo), last: String(hi) };
  }

  private ensureCompanionTopic(mainTopic: string, companionTopic: string): Promise<void> {
    const admin = this.admin;
    if (admin === undefined) return Promise.resolve();
    let done = this.ensured.get(companionTopic);
    if (done === undefined) {
      done = (async () => {
        const existing = await admin.listTopics();
        if (existing.includes(companionTopic)) return;
        let numPartitions: number | undefined;
        if (existing.includes(mainTopic)) {
          const { topics } = await admin.fetchTopicMetadata({ topics: [mainTopic] });
          numPartitions = topics[0]?.partitions.length;
        }
        try {
          await admin.createTopics({
            topics: [{ topic: companionTopic, ...(numPartitions === undefined ? {} : { numPartitions }) }],
            waitForLeaders: true,
          });
        } catch (error) {
          if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
        }
      })();
      done.catch(() => this.ensured.delete(companionTopic));
      this.ensured.set(companionTopic, done);
    }
    return done;
  }
}

/** A kafkajs transaction whose `send` takes values (see FerryProducer.transaction). */
export interface FerryTransaction {
  send(record: FerryProducerRecord): Promise<RecordMetadata[]>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isActive(): boolean;
  sendOffsets: Transaction['sendOffsets'];
}
