/**
 * What the API needs from the Kafka pipeline, so the HTTP and tRPC code does not depend on whether a
 * broker is running: `kafkaEvents()` (kafka/producer.ts) when one is, `kafkaUnavailable()` otherwise.
 */
import type { Order, Telemetry, TelemetrySummary } from '../shared/schemas.js';

export interface DemoEvents {
  /** null when Kafka runs; otherwise why it does not (shown by /api/status and the page). */
  readonly unavailable: string | null;
  orderPlaced(order: Order): Promise<void>;
  telemetryReceived(telemetry: Telemetry): Promise<void>;
  /** Asks the Nest Kafka microservice for the pipeline's latest summary of a device. */
  latestSummary(deviceId: string): Promise<TelemetrySummary | null>;
  close(): Promise<void>;
}

/** Injection token of the DemoEvents instance in the Nest API. */
export const DEMO_EVENTS = Symbol('DEMO_EVENTS');

export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
}

/** The events of a demo started without a broker: publishing is skipped, queries say why. */
export function kafkaUnavailable(reason: string): DemoEvents {
  return {
    unavailable: reason,
    orderPlaced: async () => {},
    telemetryReceived: async () => {},
    latestSummary: async () => {
      throw new KafkaUnavailableError(`Kafka is not running in this demo: ${reason}`);
    },
    close: async () => {},
  };
}
