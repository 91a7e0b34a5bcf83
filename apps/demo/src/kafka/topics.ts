/** The demo's Kafka topics and limits: one place for every name the pipeline uses. */
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

/**
 * Broker and producer record limit. Until @ferry/kafka's companion topic lands, out-of-band sample
 * arrays travel in record headers, so a 1M-sample burst (4 MB) needs more than Kafka's 1 MiB default.
 */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Arrays above this go out-of-band (64 KiB: small bursts stay one plain Fory payload). */
export const OUT_OF_BAND_ABOVE = 64 * 1024;

/** Topics to create up front, so consumers never race auto-creation. */
export const allTopics = [Topics.telemetry, Topics.orders, Topics.summaries, Topics.latestSummary, `${Topics.latestSummary}.reply`];

/**
 * How long a fetch may wait for new records. kafkajs' default (5 s) is also how long a consumer takes
 * to stop while idle, which would make Ctrl-C slow; half a second keeps shutdown quick.
 */
export const MAX_FETCH_WAIT_MS = 500;
