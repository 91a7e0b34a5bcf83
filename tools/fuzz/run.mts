/**
 * Fuzz driver: `node run.mjs --seeds DIR --out DIR [--runs N] [--seed S] [--timeout-ms T]`.
 *
 * Runs the fuzz loop in a worker with a heap limit and watches it: an input that keeps one target
 * busy for more than --timeout-ms of CPU time is a `timeout` finding, one that exhausts the worker's heap an
 * `oom` finding; either way the worker is restarted (seeded with the corpus so far) and the run
 * goes on. Findings are written to --out as <kind>-<target>-<hash>.bin (+ .txt). The last stdout
 * line is a JSON summary.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MAX_GROWTH_BYTES, type FuzzOptions, type FuzzStats } from './engine.mjs';
import { CONTROL_BYTES, type WorkerInput, type WorkerMessage } from './protocol.mjs';

interface Args {
  seeds: string;
  out: string;
  runs: number;
  seed: number;
  timeoutMs: number;
  heapMb: number;
  targets: string;
  maxInputBytes: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seeds: '', out: '', runs: 20_000, seed: 1, timeoutMs: 2000, heapMb: 512, targets: fileURLToPath(new URL('./targets.mjs', import.meta.url)), maxInputBytes: 8192 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1] ?? ''];
    if (key === '--seeds') args.seeds = value;
    else if (key === '--out') args.out = value;
    else if (key === '--runs') args.runs = Number(value);
    else if (key === '--seed') args.seed = Number(value);
    else if (key === '--timeout-ms') args.timeoutMs = Number(value);
    else if (key === '--heap-mb') args.heapMb = Number(value);
    else if (key === '--targets') args.targets = value;
    else if (key === '--max-input-bytes') args.maxInputBytes = Number(value);
    else throw new Error(`unknown argument ${key}`);
  }
  if (!args.seeds || !args.out) throw new Error('usage: run.mjs --seeds DIR --out DIR [--runs N] [--seed S] [--timeout-ms T] [--heap-mb M] [--targets FILE] [--max-input-bytes B]');
  return args;
}

export interface SavedFinding {
  kind: string;
  target: string;
  detail: string;
  file: string;
}

export interface RunSummary {
  /** Names of the targets each input went through. */
  targets: string[];
  stats: FuzzStats;
  restarts: number;
  findings: SavedFinding[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  let corpus: Uint8Array[] = readdirSync(args.seeds)
    .filter((f) => f.endsWith('.bin'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(args.seeds, f))));
  const findings: SavedFinding[] = [];
  const total: FuzzStats = { runs: 0, executions: 0, corpusSize: 0, seedCount: corpus.length, mutantsKept: 0, features: 0, maxGrowthBytes: 0 };
  let restarts = 0;
  let names: string[] = [];
  const knownStops: Uint8Array[] = [];
  const save = (kind: string, target: string, detail: string, input: Uint8Array) => {
    const hash = createHash('sha1').update(input).digest('hex').slice(0, 12);
    const file = join(args.out, `${kind}-${target}-${hash}.bin`);
    writeFileSync(file, input);
    writeFileSync(file.replace(/\.bin$/, '.txt'), `${kind} in target ${target}\n${detail}\n`);
    findings.push({ kind, target, detail, file });
  };

  // Until a worker gets through the whole corpus and the remaining runs (restarting after stops).
  for (;;) {
    const running = new SharedArrayBuffer(CONTROL_BYTES + args.maxInputBytes);
    const options: FuzzOptions = {
      seed: args.seed + restarts,
      runs: Math.max(0, args.runs - total.runs),
      maxInputBytes: args.maxInputBytes,
      maxGrowthBytes: MAX_GROWTH_BYTES,
      coverageUrls: ['/packages/core/src/', '/packages/devtools/src/', pathToFileURL(resolve(args.targets)).href],
      knownStops,
    };
    const grown: Uint8Array[] = [];
    const workerData: WorkerInput = { seeds: corpus, options, running, targetsModule: pathToFileURL(resolve(args.targets)).href };
    const worker = new Worker(fileURLToPath(new URL('./worker.mjs', import.meta.url)), {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: args.heapMb },
    });
    const control = new Int32Array(running, 0, 4);
    let targetNames: string[] = [];
    let started = false;
    const outcome = await new Promise<{ stats?: FuzzStats; timedOut?: boolean; error?: Error }>((resolve) => {
      // The watchdog's clock is CPU time (process-wide: the worker is the only busy thread), so a
      // loaded machine that leaves the worker unscheduled for a while is not mistaken for a hang;
      // a wall-clock cap of 30 × the bound stays as a backstop.
      let lastSeq = -1;
      let cpuAtChange = 0;
      let wallAtChange = 0;
      const cpuNow = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      const watchdog = setInterval(() => {
        const seq = Atomics.load(control, 0);
        if (seq !== lastSeq) {
          lastSeq = seq;
          cpuAtChange = cpuNow();
          wallAtChange = Date.now();
          return;
        }
        if (seq > 0 && (cpuNow() - cpuAtChange >= args.timeoutMs || Date.now() - wallAtChange >= 30 * args.timeoutMs)) {
          clearInterval(watchdog);
          void worker.terminate();
          resolve({ timedOut: true });
        }
      }, 100);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'finding') save(m.kind, m.target, m.detail, m.input);
        else if (m.type === 'input') grown.push(m.input);
        else if (m.type === 'targets') {
          targetNames = m.names;
          names = m.names;
          started = true;
        }
        else if (m.type === 'done') {
          clearInterval(watchdog);
          resolve({ stats: m.stats });
        }
      });
      worker.on('error', (error) => {
        clearInterval(watchdog);
        resolve({ error });
      });
      worker.on('exit', () => {
        clearInterval(watchdog);
        resolve({ error: new Error('worker exited') });
      });
    });
    if (outcome.stats) {
      const s = outcome.stats;
      total.runs += s.runs;
      total.executions += s.executions;
      total.corpusSize = s.corpusSize;
      total.mutantsKept += s.mutantsKept;
      total.features = Math.max(total.features, s.features);
      total.maxGrowthBytes = Math.max(total.maxGrowthBytes, s.maxGrowthBytes);
      await worker.terminate();
      break;
    }
    if (!started) {
      // Not a finding: the harness itself (a target module) failed to load.
      process.stderr.write(`fuzz: the worker failed before running any input: ${outcome.error?.message ?? 'timeout'}\n`);
      process.exit(2);
    }
    // The worker was stopped on an input: record it and go on from the corpus so far.
    const length = Atomics.load(control, 2);
    const input = new Uint8Array(running, CONTROL_BYTES, length).slice();
    const target = targetNames[Atomics.load(control, 1)] ?? 'unknown';
    if (outcome.timedOut) save('timeout', target, `one input kept the target busy for ${args.timeoutMs} ms of CPU time or more`, input);
    else save('oom', target, `the worker stopped: ${outcome.error?.message ?? 'unknown'} (heap limit ${args.heapMb} MiB)`, input);
    restarts++;
    // The stopped input's run index (-1 while replaying the corpus) says how far the worker got.
    total.runs += Atomics.load(control, 3) + 1;
    // Go on from the corpus so far; the input that stopped the worker is never run again.
    knownStops.push(input);
    corpus = corpus.concat(grown);
    if (restarts > 20) break;
  }
  const summary: RunSummary = { targets: names, stats: total, restarts, findings };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
