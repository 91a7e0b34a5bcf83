// Starts a throwaway single-node Apache Kafka (KRaft: broker + controller in one JVM) on 127.0.0.1.
//
//   import { startKafka } from '../../scripts/kafka/start.mjs';
//   const kafka = await startKafka();        // { brokers: ['127.0.0.1:PORT'], stop() }
//   ...
//   await kafka.stop();                      // kills the JVM and removes its temp directory
//
// CLI: `node scripts/kafka/start.mjs` prints the bootstrap address and runs until Ctrl-C.
//
// The jars come from Maven Central (scripts/kafka/pom.xml) via scripts/kafka/setup.sh, which this module
// runs first (instant once cached under <repo>/.cache/kafka). Each call picks free ports, formats a fresh
// log directory under the OS temp dir with a random cluster id, and waits until a Metadata request lists
// the broker.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const libsDir = join(repoRoot, '.cache/kafka/libs');
const HOST = '127.0.0.1';
/**
 * sh -c script: runs "$@" in the background, stops it (SIGTERM) when stdin reaches EOF, then removes
 * the broker's temp directory ($FERRY_KAFKA_DIR).
 */
const WATCHDOG =
  '"$@" </dev/null & pid=$!; cat >/dev/null; kill -TERM "$pid" 2>/dev/null; wait "$pid"; rc=$?; ' +
  '[ -e "$FERRY_KAFKA_DIR/.restarting" ] || rm -rf "$FERRY_KAFKA_DIR"; exit $rc';

/** Runs scripts/kafka/setup.sh (no-op when the pinned jars are already cached). */
export function ensureKafkaJars() {
  const r = spawnSync('bash', [join(here, 'setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/kafka/setup.sh failed (exit ${r.status ?? r.signal})`);
  return libsDir;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

async function twoFreePorts() {
  for (;;) {
    const a = await freePort();
    const b = await freePort();
    if (a !== b) return [a, b];
  }
}

/**
 * Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. One in 64 starts with
 * '-', which the storage tool's argument parser takes for an option unless passed as --cluster-id=….
 */
function randomClusterId() {
  return randomBytes(16).toString('base64url');
}

function propsText(props) {
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

/**
 * Sends one Metadata v1 request (all topics) and returns the brokers it lists. Hand-rolled so the
 * readiness probe needs no Kafka client library.
 */
function metadataBrokers(port, timeoutMs = 2000) {
  return new Promise((resolveBrokers, reject) => {
    const clientId = Buffer.from('ferry-kafka-probe');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
    let o = 0;
    o = body.writeInt16BE(3, o); // api key: Metadata
    o = body.writeInt16BE(1, o); // api version 1
    o = body.writeInt32BE(7, o); // correlation id
    o = body.writeInt16BE(clientId.length, o);
    o += clientId.copy(body, o);
    body.writeInt32BE(-1, o); // topics: null = all
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);

    const sock = createConnection({ host: HOST, port });
    let buf = Buffer.alloc(0);
    const done = (err, val) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolveBrokers(val);
    };
    const timer = setTimeout(() => done(new Error('metadata probe timed out')), timeoutMs);
    sock.on('error', (e) => done(e));
    sock.on('connect', () => sock.write(Buffer.concat([size, body])));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      try {
        let p = 4;
        if (buf.readInt32BE(p) !== 7) throw new Error('bad correlation id');
        p += 4;
        const n = buf.readInt32BE(p);
        p += 4;
        const brokers = [];
        for (let i = 0; i < n; i++) {
          const nodeId = buf.readInt32BE(p);
          p += 4;
          const hl = buf.readInt16BE(p);
          p += 2;
          const host = buf.toString('utf8', p, p + hl);
          p += hl;
          const bport = buf.readInt32BE(p);
          p += 4;
          const rl = buf.readInt16BE(p);
          p += 2 + Math.max(rl, 0);
          brokers.push({ nodeId, host, port: bport });
        }
        done(null, brokers);
      } catch (e) {
        done(e);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ brokerProperties?: Record<string, string | number | boolean>, timeoutMs?: number,
 *           heap?: string, inheritLogs?: boolean }} [options]
 */
export async function startKafka(options = {}) {
  const t0 = Date.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  ensureKafkaJars();
  const jars = readdirSync(libsDir).filter((f) => f.endsWith('.jar'));
  const classpath = jars.map((f) => join(libsDir, f)).join(':');

  const [port, controllerPort] = await twoFreePorts();
  const dir = mkdtempSync(join(tmpdir(), 'ferry-kafka-'));
  const dataDir = join(dir, 'data');
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'log.retention.check.interval.ms': 3_600_000,
    ...options.brokerProperties,
  };
  const propsFile = join(dir, 'server.properties');
  writeFileSync(propsFile, propsText(props));
  const log4jFile = join(dir, 'log4j.properties');
  writeFileSync(
    log4jFile,
    propsText({
      'log4j.rootLogger': 'INFO, stdout',
      'log4j.appender.stdout': 'org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout': 'org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern': '[%d] %p %m (%c)%n',
      'log4j.logger.kafka': 'INFO',
      'log4j.logger.org.apache.kafka': 'INFO',
      'log4j.logger.state.change.logger': 'WARN',
    }),
  );

  const jvmArgs = [
    `-Xmx${options.heap ?? '512m'}`,
    '-Xms64m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4jFile}`,
    `-Dkafka.logs.dir=${join(dir, 'logs')}`,
    '-cp',
    classpath,
  ];

  const cleanupDir = () => rmSync(dir, { recursive: true, force: true });

  // 1. Format the storage directory.
  const fmt = spawnSync(
    'java',
    [...jvmArgs, 'kafka.tools.StorageTool', 'format', `--cluster-id=${randomClusterId()}`, '-c', propsFile],
    { encoding: 'utf8' },
  );
  if (fmt.status !== 0) {
    cleanupDir();
    throw new Error(`kafka storage format failed (exit ${fmt.status}):\n${fmt.stdout}\n${fmt.stderr}`);
  }
  const tFormat = Date.now();

  // 2. Launch the server (again on restart(): same ports, config and data).
  const tail = [];
  const remember = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
    }
  };
  let child;
  let exited = null;
  let crashed = false;
  let exitPromise;
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  const killOnExit = () => {
    killGroup();
    cleanupDir();
  };
  process.on('exit', killOnExit);

  // The JVM runs under a small shell that holds our end of a pipe on stdin: when this process goes
  // away — even by SIGKILL — the pipe closes and the shell stops the JVM, so no broker outlives its
  // test run. The shell leads its own process group, the fallback target of SIGKILL.
  const launch = () => {
    exited = null;
    crashed = false;
    child = spawn('sh', ['-c', WATCHDOG, 'kafka-watchdog', 'java', ...jvmArgs, 'kafka.Kafka', propsFile], {
      detached: true,
      env: { ...process.env, FERRY_KAFKA_DIR: dir },
      stdio: ['pipe', options.inheritLogs ? 'inherit' : 'pipe', options.inheritLogs ? 'inherit' : 'pipe'],
    });
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    const c = child;
    exitPromise = new Promise((r) =>
      c.on('exit', (code, signal) => {
        exited = { code, signal };
        r(exited);
      }),
    );
  };

  /** Stops the JVM (SIGTERM, SIGKILL to its group after 10 s); `keepData` keeps the log dir. */
  const halt = async (keepData) => {
    if (exited) return;
    if (crashed) {
      await exitPromise;
      return;
    }
    const marker = join(dir, '.restarting');
    if (keepData) writeFileSync(marker, '');
    child.stdin.end(); // the watchdog sends SIGTERM to the JVM and waits for it
    const t = setTimeout(killGroup, 10_000);
    await exitPromise;
    clearTimeout(t);
    if (keepData) rmSync(marker, { force: true });
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    await halt(false);
    cleanupDir();
  };

  // 3. Wait until the broker is registered (Metadata lists it).
  const waitReady = async () => {
    const deadline = Date.now() + timeoutMs;
    let lastErr;
    for (;;) {
      if (exited) {
        await stop();
        throw new Error(`kafka exited during startup (${JSON.stringify(exited)}):\n${tail.join('\n')}`);
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`kafka did not become ready in ${timeoutMs} ms (${lastErr}):\n${tail.join('\n')}`);
      }
      try {
        const brokers = await metadataBrokers(port);
        if (brokers.some((b) => b.port === port)) return;
        lastErr = 'no broker registered yet';
      } catch (e) {
        lastErr = e.message;
      }
      await sleep(100);
    }
  };

  launch();
  await waitReady();
  const tReady = Date.now();

  /** Stops the broker keeping its data, waits `downMs`, starts it again on the same ports. */
  const restart = async ({ downMs = 0 } = {}) => {
    if (stopped) throw new Error('kafka was stopped');
    await halt(true);
    await sleep(downMs);
    launch();
    await waitReady();
  };
  /** Stops the broker keeping its data (start it again with restart()). */
  const pause = () => halt(true);
  /**
   * Kills the broker at once (SIGKILL to the JVM and its watchdog, synchronously, no clean
   * shutdown), keeping its data: a crash at an exact point. Start it again with restart().
   */
  const crash = () => {
    if (stopped) throw new Error('kafka was stopped');
    crashed = true;
    killGroup();
  };

  return {
    brokers: [`${HOST}:${port}`],
    controller: `${HOST}:${controllerPort}`,
    dir,
    startupMs: { format: tFormat - t0, total: tReady - t0 },
    logTail: () => tail.join('\n'),
    get pid() {
      return child.pid;
    },
    stop,
    restart,
    pause,
    crash,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const kafka = await startKafka({ inheritLogs: process.argv.includes('--logs') });
  console.log(
    `kafka ready: ${kafka.brokers.join(',')} (format ${kafka.startupMs.format} ms, ready after ${kafka.startupMs.total} ms)`,
  );
  const shutdown = async () => {
    await kafka.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.argv.includes('--once')) await shutdown();
}

