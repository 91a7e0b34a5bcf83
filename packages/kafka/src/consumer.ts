import type { Consumer, ConsumerConfig, ConsumerRunConfig, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { CompanionReader, type CompanionReaderOptions } from './companion-reader.js';
import { FerryKafkaError, type RecordOrigin } from './errors.js';
import type { FerrySerde, RecordHeaders } from './serde.js';

/** A record the consumer could not decode, as given to the dead-letter hook. */
export interface DecodeFailure {
  readonly topic: string;
  readonly partition: number;
  /** The record exactly as consumed (value, key and headers untouched). */
  readonly message: KafkaMessage;
  /** `FerryKafkaError` with code `DECODE_FAILED` (cause: the ForyError) or a companion error code. */
  readonly error: FerryKafkaError;
}

/**
 * Called for a record that cannot be decoded. When it resolves, the record counts as handled and
 * its offset is committed; when it throws, the error propagates to kafkajs (no commit, retried).
 */
export type DeadLetterHook = (failure: DecodeFailure) => Promise<void> | void;

export interface FerryEachMessagePayload<T> extends EachMessagePayload {
  /** The decoded value (null for a tombstone). */
  readonly value: T | null;
}

export interface FerryConsumerOptions {
  serde: FerrySerde;
  groupId: string;
  /** kafkajs consumer settings (besides `groupId`). */
  consumer?: Omit<ConsumerConfig, 'groupId'>;
  /** The companion-topic reader's settings; `false` when no record of these topics uses one. */
  companion?: CompanionReaderOptions | false;
  /**
   * Where undecodable records go. Without it, a decode error propagates to kafkajs: the offset is
   * not committed and the record is retried (kafkajs' retry and restart settings apply).
   */
  deadLetter?: DeadLetterHook;
}

export interface FerryRunConfig<T> extends Omit<ConsumerRunConfig, 'eachMessage' | 'eachBatch' | 'eachBatchAutoResolve'> {
  eachMessage: (payload: FerryEachMessagePayload<T>) => Promise<void>;
}

/**
 * A kafkajs consumer that decodes each record with a FerrySerde, fetching companion-topic buffers
 * (verified by CRC-32C) before calling `eachMessage`. Undecodable records are never skipped
 * silently: they either go to the dead-letter hook or stop the partition with a typed error.
 */
export class FerryConsumer<T = unknown> {
  readonly consumer: Consumer;
  private readonly serde: FerrySerde;
  private readonly reader: CompanionReader | undefined;
  private readonly deadLetter: DeadLetterHook | undefined;
  private readonly subscribed: string[] = [];

  constructor(kafka: Kafka, options: FerryConsumerOptions) {
    this.serde = options.serde;
    this.consumer = kafka.consumer({ ...options.consumer, groupId: options.groupId });
    this.reader = options.companion === false ? undefined : new CompanionReader(kafka, options.companion ?? {});
    this.deadLetter = options.deadLetter;
  }

  async connect(): Promise<void> {
    await this.consumer.connect();
  }

  async subscribe(subscription: { topics?: string[]; topic?: string; fromBeginning?: boolean }): Promise<void> {
    const topics = subscription.topics ?? (subscription.topic === undefined ? [] : [subscription.topic]);
    if (topics.length === 0) throw new TypeError('subscribe needs topics (regular expressions are not supported: companion topics are derived from names)');
    this.subscribed.push(...topics);
    await this.consumer.subscribe({ topics, ...(subscription.fromBeginning === undefined ? {} : { fromBeginning: subscription.fromBeginning }) });
  }

  async run(config: FerryRunConfig<T>): Promise<void> {
    const { eachMessage, ...rest } = config;
    if (this.reader !== undefined) {
      const companions = this.subscribed.map((t) => this.serde.companionTopic(t)).filter((t): t is string => t !== undefined);
      await this.reader.start(companions);
    }
    await this.consumer.run({
      ...rest,
      eachMessage: async (payload) => {
        const value = await this.decode(payload);
        if (value === SKIP) return;
        await eachMessage({ ...payload, value });
      },
    });
  }

  /** Decodes one record, or hands it to the dead-letter hook (returns SKIP), or throws. */
  private async decode(payload: EachMessagePayload): Promise<T | null | typeof SKIP> {
    const { topic, partition, message } = payload;
    const origin: RecordOrigin = { topic, partition, offset: message.offset };
    try {
      const refs = this.serde.companionRefs(message, origin);
      let companion: Map<number, Uint8Array> | undefined;
      if (refs.length > 0) {
        if (this.reader === undefined) {
          throw new FerryKafkaError('COMPANION_REQUIRED', 'The record has companion-topic buffers but the consumer was created with companion: false', origin);
        }
        const reader = this.reader;
        const fetched = await Promise.all(refs.map(({ ref }) => reader.fetch(ref, origin)));
        companion = new Map(refs.map(({ slot }, i) => [slot, fetched[i]!]));
      }
      return this.serde.decode<T>(message, { origin, ...(companion === undefined ? {} : { companion }) });
    } catch (cause) {
      const error =
        cause instanceof FerryKafkaError
          ? cause
          : new FerryKafkaError('DECODE_FAILED', `Could not decode the record: ${(cause as Error)?.message ?? String(cause)}`, origin, { cause });
      if (this.deadLetter === undefined) throw error;
      await this.deadLetter({ topic, partition, message, error });
      return SKIP;
    }
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.consumer.disconnect(), this.reader?.stop()]);
  }
}

const SKIP = Symbol('skip');

export interface DeadLetterTopicOptions {
  /** The dead-letter topic of a topic. Default: `<topic>.dlq`. */
  topic?: (topic: string) => string;
}

/**
 * A dead-letter hook that copies the undecodable record (key, value and headers untouched) to a
 * dead-letter topic, adding `ferry-dlq-*` headers: the error code and message, and the original
 * topic, partition and offset. Uses your connected kafkajs producer.
 */
export function deadLetterTopic(producer: Producer, options: DeadLetterTopicOptions = {}): DeadLetterHook {
  return async ({ topic, partition, message, error }) => {
    const headers: RecordHeaders = {
      ...(message.headers as RecordHeaders | undefined),
      'ferry-dlq-code': error.code,
      'ferry-dlq-error': error.message.slice(0, 2000),
      'ferry-dlq-topic': topic,
      'ferry-dlq-partition': String(partition),
      'ferry-dlq-offset': message.offset,
    };
    await producer.send({
      topic: options.topic?.(topic) ?? `${topic}.dlq`,
      messages: [{ key: message.key, value: message.value, headers }],
    });
  };
}
