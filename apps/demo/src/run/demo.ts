/**
 * Starts the whole demo: the Kafka broker (scripts/kafka, when Java and the jars are available), the
 * gateway (Nest API + tRPC + page), the Kafka worker (pipeline consumer + Nest Kafka microservice) and
 * the Python service. Used by `npm run demo` (run/main.ts) and `npm run demo:smoke` (run/smoke.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureTopics } from '../kafka/transport.js';
import { Supervisor, type RunningService } from './processes.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const distDir = fileURLToPath(new URL('../', import.meta.url));
export const pythonServiceScript = fileURLToPath(new URL('../../python/demo_service.py', import.meta.url));

export interface DemoOptions {
  /** Fixed gateway port (default: any free port). */
  gatewayPort?: number;
  /** false: do not even try to start Kafka. */
  kafka?: boolean;
  /** The Python service's mode: 'loop' calls the API every few seconds, 'off' does not start it. */
  python?: 'loop' | 'off';
  log: (line: string) => void;
  /** Receives the demo's stop function before anything starts, so Ctrl-C during startup can stop it. */
  onStop?: (stop: () => Promise<void>) => void;
}

export interface RunningDemo {
  gateway: RunningService;
  /** The broker's bootstrap addresses, or why Kafka is not running. */
  kafka: { brokers: string[] } | { unavailable: string };
  python: RunningService | { unavailable: string } | undefined;
  /** Process group ids of everything started: the services and the broker's watchdog. */
  processGroups(): number[];
  stop(): Promise<void>;
}

/** The Python interpreter with pyfory: FERRY_PEER_PYTHON, else the venv peers/setup.sh builds. */
export function pythonInterpreter(): string | undefined {
  const configured = process.env['FERRY_PEER_PYTHON'];
  if (configured !== undefined && configured !== '') return configured;
  const venv = `${repoRoot}.cache/peers/venv/bin/python`;
  return existsSync(venv) ? venv : undefined;
}

/**
 * The Python with pyfory and kafka-python (scripts/kafka/python-setup.sh: idempotent, instant once
 * built), or why there is none — then the Python service calls the API only.
 */
export function kafkaPythonInterpreter(): { python: string } | { unavailable: string } {
  const setup = spawnSync('bash', [`${repoRoot}scripts/kafka/python-setup.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const python = setup.stdout?.trim().split('\n').pop();
  if (setup.status !== 0 || python === undefined || python === '') {
    return { unavailable: `scripts/kafka/python-setup.sh failed: ${(setup.stderr ?? '').trim().split('\n').pop() ?? setup.error?.message}` };
  }
  return { python };
}

/** Why Kafka cannot run here, or undefined when it can (Java on PATH and the jars cached or fetchable). */
function kafkaProblem(): string | undefined {
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error !== undefined || java.status !== 0) return 'Java is not installed (the broker needs Java 17+)';
  if (existsSync(`${repoRoot}.cache/kafka/libs`)) return undefined;
  const mvn = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  if (mvn.error !== undefined || mvn.status !== 0) return 'the Kafka jars are not cached and Maven is not installed to fetch them (bash scripts/kafka/setup.sh)';
  return undefined;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const supervisor = new Supervisor(options.log);
  let stopKafka: (() => Promise<void>) | undefined;
  let kafka: RunningDemo['kafka'];
  let brokerPid: number | undefined;
  const stop = async () => {
    await supervisor.stopAll();
    await stopKafka?.();
  };
  options.onStop?.(stop);

  try {
    const problem = options.kafka === false ? 'disabled (DEMO_KAFKA=0)' : kafkaProblem();
    if (problem === undefined) {
      options.log('[kafka] starting a local broker (scripts/kafka) …');
      try {
        const { startKafka } = await import('../../../../scripts/kafka/start.mjs');
        const broker = await startKafka();
        stopKafka = () => broker.stop();
        brokerPid = broker.pid;
        options.log(`[kafka] ready at ${broker.brokers.join(',')} in ${(broker.startupMs.total / 1000).toFixed(1)} s`);
        await ensureTopics(broker.brokers);
        kafka = { brokers: broker.brokers };
      } catch (error) {
        // A broker that started but cannot be used (topics) is stopped at once rather than left idle.
        await stopKafka?.();
        stopKafka = undefined;
        brokerPid = undefined;
        kafka = { unavailable: `the broker did not start: ${(error as Error).message}` };
      }
    } else {
      kafka = { unavailable: problem };
    }
    if ('unavailable' in kafka) options.log(`[kafka] unavailable — ${kafka.unavailable}; running the HTTP, tRPC and devtools parts only`);

    const kafkaEnv: Record<string, string> =
      'brokers' in kafka
        ? { KAFKA_BROKERS: kafka.brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1' }
        : { KAFKA_BROKERS: '', KAFKA_UNAVAILABLE: kafka.unavailable };
    // The worker first: the gateway relays the worker's captures into the panel's capture server.
    const worker =
      'brokers' in kafka ? await supervisor.start({ name: 'worker', command: process.execPath, args: [`${distDir}worker/main.js`], env: kafkaEnv }) : undefined;
    const gateway = await supervisor.start({
      name: 'gateway',
      command: process.execPath,
      args: [`${distDir}gateway/main.js`],
      env: {
        ...kafkaEnv,
        DEMO_GATEWAY_PORT: String(options.gatewayPort ?? 0),
        ...(worker === undefined ? {} : { DEMO_WORKER_CAPTURES: worker.ready.urls['captures']! }),
      },
    });

    let python: RunningDemo['python'];
    if (options.python === 'loop') {
      const gatewayUrl = gateway.ready.urls['api']!.replace(/\/api$/, '');
      const withKafka = 'brokers' in kafka ? kafkaPythonInterpreter() : undefined;
      if (withKafka !== undefined && 'unavailable' in withKafka) options.log(`[python] not consuming Kafka: ${withKafka.unavailable}`);
      const interpreter = withKafka !== undefined && 'python' in withKafka ? withKafka.python : pythonInterpreter();
      const kafkaArgs = withKafka !== undefined && 'python' in withKafka && 'brokers' in kafka ? ['--kafka', kafka.brokers[0]!] : [];
      python =
        interpreter === undefined
          ? { unavailable: 'no pyfory venv (run `npm run peers:setup`, or set FERRY_PEER_PYTHON)' }
          : await supervisor.start({
              name: 'python',
              command: interpreter,
              args: ['-u', pythonServiceScript, '--gateway', gatewayUrl, '--loop', ...kafkaArgs],
            });
    }
    const processGroups = () => [...supervisor.startedPids, ...(brokerPid === undefined ? [] : [brokerPid])];
    return { gateway, kafka, python, processGroups, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
