/**
 * The gateway's side of the Kafka pipeline: publishes orders and telemetry bursts, and asks the Nest
 * Kafka microservice (worker/responder.ts) for the pipeline's latest summary through a ClientKafka.
 */
import type { CaptureHook } from '@ferry/core';
import { FerryKafkaResponseDeserializer, FerryKafkaSerializer } from '@ferry/kafka';
import { ClientKafka } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { firstValueFrom, timeout } from 'rxjs';
import { demoFory, Order, Telemetry, TelemetrySummary, type Order as OrderValue, type Telemetry as TelemetryValue } from '../shared/schemas.js';
import type { DemoEvents } from './events.js';
import { MAX_FETCH_WAIT_MS, Topics } from './topics.js';
import { demoKafka, demoSerde, FerryPublisher } from './transport.js';

export async function kafkaEvents(brokers: string[], capture?: CaptureHook): Promise<DemoEvents> {
  const fory = demoFory();
  const serde = demoSerde(fory, { outOfBand: true, capture });
  const publisher = new FerryPublisher(demoKafka(brokers, 'demo-gateway'), serde);
  await publisher.connect();

  const responder = new ClientKafka({
    client: { clientId: 'demo-gateway-rpc', brokers, logLevel: logLevel.ERROR },
    consumer: { groupId: 'demo-gateway', maxWaitTimeInMs: MAX_FETCH_WAIT_MS },
    parser: { keepBinary: true },
    serializer: new FerryKafkaSerializer({ serde }),
    deserializer: new FerryKafkaResponseDeserializer({ serde }),
  });
  responder.subscribeToResponseOf(Topics.latestSummary);
  await responder.connect();

  return {
    unavailable: null,
    orderPlaced: (order: OrderValue) => publisher.publish(Topics.orders, order.id, Order, order),
    telemetryReceived: (telemetry: TelemetryValue) => publisher.publish(Topics.telemetry, telemetry.deviceId, Telemetry, telemetry),
    async latestSummary(deviceId: string) {
      const reply = await firstValueFrom(responder.send<TelemetrySummary | null, string>(Topics.latestSummary, deviceId).pipe(timeout(15_000)), {
        defaultValue: null,
      });
      return reply;
    },
    async close() {
      await responder.close();
      await publisher.disconnect();
    },
  };
}
