/**
 * Fory for Nest's Kafka transport (@nestjs/microservices Transport.KAFKA), used by the demo's
 * responder (server) and the gateway's ClientKafka until @ferry/kafka ships its own pair.
 *
 * Nest's Kafka transport calls the serializer with the bare value (not a packet envelope) and expects
 * a Kafka message `{ value, headers }` back; it then adds its own string headers (correlation id, reply
 * topic, error, disposed). Both sides must use `parser: { keepBinary: true }`, otherwise Nest's
 * KafkaParser turns record values into strings. Values here are small, in-band Fory payloads.
 */
import type { Fory } from '@ferry/core';
import { KafkaHeaders, type ConsumerDeserializer, type Deserializer, type IncomingRequest, type IncomingResponse, type Serializer } from '@nestjs/microservices';

interface NestKafkaMessage {
  value: Buffer | null;
  headers: Record<string, Buffer | string | undefined>;
}

/** Writes any value (a registered struct keeps its type) as one Fory payload. */
export class FerryKafkaSerializer implements Serializer<unknown, { value: Buffer; headers: Record<string, Buffer | string> }> {
  constructor(private readonly fory: Fory) {}

  serialize(value: unknown): { value: Buffer; headers: Record<string, Buffer | string> } {
    const bytes = this.fory.serialize(value);
    return { value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), headers: {} };
  }
}

/**
 * What a handler receives for a record that does not decode. Throwing from a deserializer would make
 * kafkajs retry the same record forever (a poison pill blocks the partition), so the handler gets this
 * instead and decides: log and skip, or dead-letter.
 */
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

/** Server side: the record value is the handler's payload; the topic is the pattern. */
export class FerryKafkaRequestDeserializer implements ConsumerDeserializer {
  constructor(private readonly fory: Fory) {}

  deserialize(message: NestKafkaMessage & { offset?: string }, options?: Record<string, unknown>): IncomingRequest {
    const pattern = String(options?.['channel'] ?? '');
    let data: unknown;
    try {
      data = message.value === null ? null : this.fory.deserialize(message.value);
    } catch (error) {
      data = new UndecodableRecord(pattern, message.offset, error);
    }
    return { pattern, data, id: headerText(message.headers[KafkaHeaders.CORRELATION_ID]) ?? '' };
  }
}

/** Client side: a reply record; Nest's error/disposed headers are strings, the value is Fory. */
export class FerryKafkaResponseDeserializer implements Deserializer<NestKafkaMessage, IncomingResponse> {
  constructor(private readonly fory: Fory) {}

  deserialize(message: NestKafkaMessage): IncomingResponse {
    const id = headerText(message.headers[KafkaHeaders.CORRELATION_ID]) ?? '';
    const err = headerText(message.headers[KafkaHeaders.NEST_ERR]);
    if (err !== undefined) return { id, err, isDisposed: true };
    const response = message.value === null ? null : this.fory.deserialize(message.value);
    return { id, response, isDisposed: message.headers[KafkaHeaders.NEST_IS_DISPOSED] !== undefined };
  }
}

function headerText(value: Buffer | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}
