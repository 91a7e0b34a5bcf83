/**
 * The worker process: the Kafka pipeline and the Nest microservice on the Kafka transport.
 *
 * - pipeline (kafkajs consumer group `demo-pipeline`): reads demo.telemetry bursts (samples
 *   out-of-band) and demo.orders, and publishes a demo.TelemetrySummary per burst to
 *   demo.telemetry.summaries;
 * - responder (Nest, Transport.KAFKA): keeps the latest summary per device from that topic and
 *   answers `demo.summaries.latest` requests — the gateway's GET /api/telemetry/:deviceId/latest.
 *
 * Environment: KAFKA_BROKERS (required; the orchestrator has created the topics).
 */
import 'reflect-metadata';
import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload, Transport, type KafkaOptions } from '@nestjs/microservices';
import { isOfType } from '@ferry/core';
import { startCaptureServer } from '@ferry/devtools/server';
import { logLevel } from 'kafkajs';
import { FerryKafkaSerializer } from '@ferry/kafka';
import { TolerantRequestDeserializer, UndecodableRecord } from '../kafka/nest-kafka.js';
import { MAX_FETCH_WAIT_MS, Topics } from '../kafka/topics.js';
import { demoKafka, demoSerde, FerryPublisher, FerrySubscriber } from '../kafka/transport.js';
import { announceReady, onShutdown } from '../shared/ready.js';
import { demoFory, Order, summarize, Telemetry, TelemetrySummary } from '../shared/schemas.js';

class SummaryStore {
  private readonly latest = new Map<string, TelemetrySummary>();
  put(summary: TelemetrySummary): void {
    this.latest.set(summary.deviceId, summary);
  }
  get(deviceId: string): TelemetrySummary | null {
    return this.latest.get(deviceId) ?? null;
  }
}

@Controller()
class ResponderController {
  constructor(@Inject(SummaryStore) private readonly store: SummaryStore) {}

  @EventPattern(Topics.summaries)
  remember(@Payload() summary: unknown): void {
    if (isOfType(TelemetrySummary, summary)) this.store.put(summary as TelemetrySummary);
    else if (summary instanceof UndecodableRecord) console.error(`responder: ${summary.message}`);
    else console.error(`responder: ${Topics.summaries}: ignoring a record that is not a demo.TelemetrySummary`);
  }

  @MessagePattern(Topics.latestSummary)
  latest(@Payload() deviceId: unknown): TelemetrySummary | null {
    return typeof deviceId === 'string' ? this.store.get(deviceId) : null;
  }
}

@Module({ controllers: [ResponderController], providers: [SummaryStore] })
class ResponderModule {}

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter((b) => b !== '');
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  const fory = demoFory();
  const kafka = demoKafka(brokers, 'demo-worker');

  // The worker's captures (records it consumes and publishes, Nest Kafka requests and replies); the
  // gateway relays them into the capture server the page's panel subscribes to.
  const captures = await startCaptureServer({ port: 0 });
  // Summaries are small: plain in-band Fory payloads, readable by any Fory runtime as they are.
  const serde = demoSerde(fory, { outOfBand: false, capture: captures.hook });
  const publisher = new FerryPublisher(kafka, serde);
  await publisher.connect();
  const subscriber = new FerrySubscriber(kafka, 'demo-pipeline', serde, publisher, (message) => console.error(`pipeline: dead letter: ${message}`));
  await subscriber.run(
    [Topics.telemetry, Topics.orders],
    async ({ topic, value }) => {
      if (topic === Topics.telemetry && isOfType(Telemetry, value)) {
        const summary = summarize(value as Telemetry, 'pipeline');
        await publisher.publish(Topics.summaries, summary.deviceId, TelemetrySummary, summary);
        console.error(`pipeline: ${summary.deviceId} #${summary.seq}: ${summary.count} samples, mean ${summary.mean.toFixed(4)}`);
      } else if (topic === Topics.orders && isOfType(Order, value)) {
        const order = value as Order;
        console.error(`pipeline: order ${order.id} from ${order.customer}, ${order.lines.length} lines, total ${order.total}`);
      } else {
        console.error(`pipeline: ${topic}: skipping a record of an unexpected type`);
      }
    },
  );

  const responder = await NestFactory.createMicroservice<KafkaOptions>(ResponderModule, {
    logger: ['error', 'warn'],
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'demo-responder', brokers, logLevel: logLevel.ERROR },
      consumer: { groupId: 'demo-responder', maxWaitTimeInMs: MAX_FETCH_WAIT_MS },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
      serializer: new FerryKafkaSerializer({ serde }),
      deserializer: new TolerantRequestDeserializer({ serde }),
    },
  });
  await responder.listen();

  announceReady({ service: 'worker', urls: { captures: captures.capturesUrl } });
  onShutdown(async () => {
    await Promise.all([responder.close(), subscriber.disconnect()]);
    await publisher.disconnect();
    await captures.close();
  });
}

main().catch((error: unknown) => {
  console.error('worker failed to start:', error);
  process.exit(1);
});
