/** The demo's Kafka topics and settings: one place for every name the pipeline uses. */
import { COMPANION_TOPIC_SUFFIX } from '@ferry/kafka';

export const Topics = {
  /** demo.Telemetry bursts from the API and tRPC (large sample arrays out-of-band). */
  telemetry: 'demo.telemetry',
  /** demo.Order events. */
  orders: 'demo.orders',
  /** demo.TelemetrySummary records the pipeline computes; the Nest microservice keeps the latest. */
  summaries: 'demo.telemetry.summaries',
  /** Request topic of the Nest Kafka microservice (Nest adds the `.reply` topic). */
  latestSummary: 'demo.summaries.latest',
} as const;

/** Where the pipeline copies records it cannot decode. */
export const deadLetterTopicOf = (topic: string): string => `${topic}.dlq`;

/** Arrays above this go out-of-band (64 KiB: small bursts stay one plain Fory payload). */
export const OUT_OF_BAND_ABOVE = 64 * 1024;

/**
 * How long a fetch may wait for new records. kafkajs' default (5 s) is also how long a consumer takes
 * to stop while idle, which would make Ctrl-C slow; half a second keeps shutdown quick.
 */
export const MAX_FETCH_WAIT_MS = 500;

/** Topics to create up front, so consumers never race auto-creation. */
export const allTopics = [
  Topics.telemetry,
  `${Topics.telemetry}${COMPANION_TOPIC_SUFFIX}`,
  Topics.orders,
  Topics.summaries,
  Topics.latestSummary,
  `${Topics.latestSummary}.reply`,
  deadLetterTopicOf(Topics.telemetry),
  deadLetterTopicOf(Topics.orders),
];
