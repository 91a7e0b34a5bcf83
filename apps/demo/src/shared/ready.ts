/**
 * How the demo's processes tell the orchestrator (src/run/) that they are up: one stdout line
 * `FERRY_DEMO_READY <json>` naming the service and the addresses it listens on (ports are picked by
 * the OS unless fixed by the environment, so several demos and CI runs never collide).
 */
export const READY_PREFIX = 'FERRY_DEMO_READY ';

/** Set to '1' by the orchestrator: the service then exits when its stdin pipe closes. */
export const SUPERVISED_ENV = 'FERRY_DEMO_SUPERVISED';

export interface ReadyMessage {
  service: string;
  urls: Record<string, string>;
  notes?: string[];
}

export function announceReady(message: ReadyMessage): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(message)}\n`);
}

export function parseReadyLine(line: string): ReadyMessage | undefined {
  if (!line.startsWith(READY_PREFIX)) return undefined;
  return JSON.parse(line.slice(READY_PREFIX.length)) as ReadyMessage;
}

/** A port from the environment: unset means 0 (any free port). */
export function portFromEnv(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`${name}=${raw} is not a TCP port`);
  return port;
}

/** Runs `stop` once on SIGINT/SIGTERM (or when the orchestrator's stdin pipe closes), then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`shutdown after ${why} failed:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by the orchestrator: its stdin pipe closes when the orchestrator dies, however it dies.
  if (process.env[SUPERVISED_ENV] === '1') {
    process.stdin.on('end', () => shutdown('the orchestrator went away'));
    process.stdin.resume();
  }
}
