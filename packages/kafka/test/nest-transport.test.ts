/**
 * NestJS's Kafka transport (@nestjs/microservices Transport.KAFKA) on a real broker with Ferry's
 * serializer and deserializers: events with header-placed buffers (binary headers survive Nest's
 * parser thanks to layout 2's 0x00 prefix), request/response, and a companion-topic buffer.
 */
import 'reflect-metadata';
import { Fory } from '@ferry/core';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, EventPattern, MessagePattern, Payload, Transport, type ClientKafka } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { firstValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompanionReader,
  FerryKafkaRequestDeserializer,
  FerryKafkaResponseDeserializer,
  FerryKafkaSerializer,
  FerryProducer,
  createFerrySerde,
} from '../src/index.js';
import { client, startKafka, type RunningKafka } from './helpers.js';

const EVENTS = Symbol('events');
interface EventLog {
  received: unknown[];
  waiters: ((v: unknown) => void)[];
}

@Controller()
class TelemetryController {
  constructor(@Inject(EVENTS) private readonly log: EventLog) {}

  @EventPattern('telemetry.samples')
  samples(@Payload() data: unknown) {
    this.log.received.push(data);
    this.log.waiters.shift()?.(data);
  }

  @MessagePattern('telemetry.sum')
  sum(@Payload() data: Map<string, unknown>) {
    const samples = data.get('samples') as Float64Array;
    let total = 0;
    for (const x of samples) total += x;
    return { count: samples.length, total, kind: samples.constructor.name };
  }
}

let kafka: RunningKafka;
let app: INestMicroservice;
let nestClient: ClientKafka;
let producer: FerryProducer;
let reader: CompanionReader;
const log: EventLog = { received: [], waiters: [] };
const nextEvent = () => new Promise<unknown>((resolve) => log.waiters.push(resolve));

beforeAll(async () => {
  kafka = await startKafka();
  const k = client(kafka);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({
    topics: ['telemetry.samples', 'telemetry.samples.ferry-oob', 'telemetry.sum', 'telemetry.sum.reply'].map((topic) => ({ topic })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  const serde = createFerrySerde(new Fory(), { outOfBand: 1024 });
  producer = new FerryProducer(k, { serde });
  await producer.connect();
  reader = new CompanionReader(k);
  await reader.start(['telemetry.samples.ferry-oob']);

  @Module({ controllers: [TelemetryController], providers: [{ provide: EVENTS, useValue: log }] })
  class AppModule {}

  const kafkaClient = { clientId: 'nest-server', brokers: kafka.brokers, logLevel: logLevel.NOTHING };
  app = await NestFactory.createMicroservice(AppModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: kafkaClient,
      consumer: { groupId: 'nest-telemetry' },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
      serializer: new FerryKafkaSerializer({ serde }),
      deserializer: new FerryKafkaRequestDeserializer({ serde, companion: reader }),
    },
  });
  await app.listen();

  nestClient = ClientProxyFactory.create({
    transport: Transport.KAFKA,
    options: {
      client: { ...kafkaClient, clientId: 'nest-client' },
      consumer: { groupId: 'nest-telemetry-client' },
      parser: { keepBinary: true },
      serializer: new FerryKafkaSerializer({ serde, producer }),
      deserializer: new FerryKafkaResponseDeserializer({ serde }),
    },
  }) as ClientKafka;
  nestClient.subscribeToResponseOf('telemetry.sum');
  await nestClient.connect();
}, 120_000);

afterAll(async () => {
  await nestClient?.close();
  await app?.close();
  await producer?.disconnect();
  await reader?.stop();
  await kafka?.stop();
});

describe('NestJS Kafka transport with Ferry', () => {
  it('delivers an event whose buffers travel in binary headers', async () => {
    const samples = Float64Array.from({ length: 4096 }, (_, i) => i / 4);
    const got = nextEvent();
    await firstValueFrom(nestClient.emit('telemetry.samples', { key: 'dev-1', value: { device: 'dev-1', samples } }));
    const data = (await got) as Map<string, unknown>;
    expect(data.get('device')).toBe('dev-1');
    expect(data.get('samples')).toEqual(samples);
  });

  it('answers a request with a Fory reply', async () => {
    const samples = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const reply = await firstValueFrom(nestClient.send('telemetry.sum', { samples }).pipe(timeout(30_000)));
    expect(reply).toEqual(new Map<string, unknown>([['count', 10_000], ['total', (9999 * 10_000) / 2], ['kind', 'Float64Array']]));
  }, 60_000);

  it('delivers an event whose 3 MiB buffer went to the companion topic', async () => {
    const samples = new Float32Array((3 * 1024 * 1024) / 4).map((_, i) => i % 1000);
    const got = nextEvent();
    await firstValueFrom(nestClient.emit('telemetry.samples', { key: 'dev-2', value: { device: 'dev-2', samples } }));
    const data = (await got) as Map<string, unknown>;
    expect(data.get('device')).toBe('dev-2');
    expect(data.get('samples')).toEqual(samples);
  }, 60_000);
});
