/**
 * The server-side deserializer of the worker's Nest Kafka microservice: @ferry/kafka's
 * FerryKafkaRequestDeserializer, except that a record which does not decode reaches the handler as an
 * `UndecodableRecord` instead of throwing — a throwing deserializer makes kafkajs retry the same
 * record forever, and one bad record would block the partition.
 */
import { FerryKafkaRequestDeserializer, type NestParsedRecord } from '@ferry/kafka';

export class UndecodableRecord {
  constructor(
    readonly topic: string,
    readonly offset: string | undefined,
    readonly error: unknown,
  ) {}

  get message(): string {
    return `${this.topic}@${this.offset ?? '?'} does not decode: ${this.error instanceof Error ? this.error.message : String(this.error)}`;
  }
}

export class TolerantRequestDeserializer extends FerryKafkaRequestDeserializer {
  override async deserialize(message: NestParsedRecord, context?: { channel?: string }): Promise<{ pattern: string | undefined; data: unknown }> {
    try {
      return await super.deserialize(message, context);
    } catch (error) {
      return { pattern: context?.channel, data: new UndecodableRecord(context?.channel ?? message.topic ?? '?', message.offset, error) };
    }
  }
}
