/** Options of {@link startKafka}. */
export interface StartKafkaOptions {
  /** Extra or overriding server.properties entries. */
  brokerProperties?: Record<string, string | number | boolean>;
  /** How long to wait for the broker to answer a Metadata request (default 120 000 ms). */
  timeoutMs?: number;
  /** JVM max heap (default '512m'). */
  heap?: string;
  /** Send the broker's log to this process's stdout/stderr instead of an in-memory tail. */
  inheritLogs?: boolean;
}

/** A running single-node KRaft broker + controller on 127.0.0.1. */
export interface RunningKafka {
  /** Bootstrap addresses for clients, e.g. ['127.0.0.1:40123']. */
  brokers: string[];
  /** The controller listener (not for clients). */
  controller: string;
  /** The temp directory (config + log dirs), removed by stop(). */
  dir: string;
  /** The process id of the watchdog shell that runs the JVM (leader of its process group). */
  readonly pid: number | undefined;
  /** Milliseconds from the call until storage was formatted and until the broker answered Metadata. */
  startupMs: { format: number; total: number };
  /** The last 200 lines the broker logged (empty with inheritLogs). */
  logTail(): string;
  /** Stops the JVM (SIGTERM, SIGKILL to its process group after 10 s) and removes the temp directory. Idempotent. */
  stop(): Promise<void>;
  /** Kills the broker at once (SIGKILL, synchronously), keeping its data: a crash. Bring it back with restart(). */
  crash(): void;
  /** Stops the broker but keeps its data and ports; bring it back with restart(). */
  pause(): Promise<void>;
  /** Stops the broker (if running) keeping its data, waits `downMs`, and starts it again on the same ports. */
  restart(options?: { downMs?: number }): Promise<void>;
}

/** Fetches the pinned Kafka jars if needed (scripts/kafka/setup.sh); returns the libs directory. */
export function ensureKafkaJars(): string;

/** Starts a fresh broker on free ports with a freshly formatted log dir. */
export function startKafka(options?: StartKafkaOptions): Promise<RunningKafka>;
