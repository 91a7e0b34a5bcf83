/**
 * A small coverage-guided mutational fuzzer (docs/security.md "Fuzzing" says why not Jazzer.js).
 *
 * Each input is run through every target; V8 block coverage (node:inspector
 * Profiler.takePreciseCoverage, call counts bucketed as AFL does) says whether it reached new code,
 * and if so it joins the corpus that later inputs are mutated from. Deterministic for a given seed,
 * corpus and run count: coverage counts do not depend on timing.
 */
import { Session } from 'node:inspector';
import v8 from 'node:v8';

export interface FuzzTarget {
  readonly name: string;
  /** Decode one input; throwing is fine when `problem` accepts the error. */
  run(input: Uint8Array): void;
  /** Why an error thrown by `run` is a bug, or null when it is the expected typed rejection. */
  problem(err: unknown): string | null;
}

/** Heap growth one target may show for one input before it is a `memory` finding. */
export const MAX_GROWTH_BYTES = 64 * 1024 * 1024;

export type FindingKind = 'crash' | 'memory' | 'timeout' | 'oom';

export interface Finding {
  readonly kind: FindingKind;
  readonly target: string;
  readonly detail: string;
  readonly input: Uint8Array;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** Mutants longer than this are cut. */
  readonly maxInputBytes: number;
  /** Heap growth (JS heap + external memory) one target may show for one input; more is a finding. */
  readonly maxGrowthBytes: number;
  /** Only scripts whose URL contains one of these count for coverage. */
  readonly coverageUrls: readonly string[];
  /** Inputs that already stopped a worker (hang, heap exhaustion): never run again. */
  readonly knownStops?: readonly Uint8Array[];
}

export interface FuzzHooks {
  /** Called before each target runs an input (the watchdog's view of what is running). */
  beforeRun?(input: Uint8Array, target: number, run: number): void;
  onFinding?(finding: Finding): void;
  onNewInput?(input: Uint8Array): void;
}

export interface FuzzStats {
  runs: number;
  executions: number;
  corpusSize: number;
  seedCount: number;
  /** Mutants that reached new coverage and joined the corpus. */
  mutantsKept: number;
  features: number;
  maxGrowthBytes: number;
}

/** mulberry32: a tiny seeded PRNG, so a run is reproducible from its seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

// Bytes that mean something in Fory xlang: header bits, ref flags (fd fe ff 00), collection/map
// header bits, string encodings, and type ids around every family boundary.
const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x0c, 0x0f, 0x10, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
  0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x38, 0x39, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xfc, 0xfd, 0xfe, 0xff,
];
// Lengths and ids at varint byte-count boundaries and integer-width edges.
const BOUNDARY_VALUES = [
  0, 1, 2, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0xffff, 0x1fffff, 0x200000, 0xfffffff, 0x10000000, 0x7fffffff, 0x80000000,
  0xffffffff, 2 ** 35, 2 ** 36, 2 ** 53 - 1,
];

function leb128(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One mutation of `input`; `other` is another corpus entry for splicing. */
export function mutateOnce(rng: Rng, input: Uint8Array, other: Uint8Array): Uint8Array {
  const n = input.length;
  const pos = n === 0 ? 0 : rng.below(n);
  const copy = () => input.slice();
  switch (rng.below(13)) {
    case 0: {
      if (n === 0) break;
      const out = copy();
      out[pos]! ^= 1 << rng.below(8);
      return out;
    }
    case 1: {
      if (n === 0) break;
      const out = copy();
      out[pos] = rng.below(256);
      return out;
    }
    case 2: {
      if (n === 0) break;
      const out = copy();
      out[pos] = rng.pick(INTERESTING_BYTES);
      return out;
    }
    case 3: {
      // Overwrite with a varint boundary value (lengths, ids, counts).
      const v = leb128(rng.pick(BOUNDARY_VALUES));
      return concat(input.subarray(0, pos), v, input.subarray(Math.min(n, pos + v.length)));
    }
    case 4:
      return concat(input.subarray(0, pos), leb128(rng.pick(BOUNDARY_VALUES)), input.subarray(pos));
    case 5:
      return input.slice(0, pos);
    case 6: {
      const len = 1 + rng.below(Math.max(1, Math.min(16, n - pos)));
      return concat(input.subarray(0, pos), input.subarray(pos + len));
    }
    case 7: {
      // Duplicate a range (repeats elements, fields, chunks).
      const len = 1 + rng.below(Math.max(1, Math.min(64, n - pos)));
      const at = n === 0 ? 0 : rng.below(n + 1);
      return concat(input.subarray(0, at), input.subarray(pos, pos + len), input.subarray(at));
    }
    case 8: {
      const cut = other.length === 0 ? 0 : rng.below(other.length);
      return concat(input.subarray(0, pos), other.subarray(cut));
    }
    case 9: {
      const from = other.length === 0 ? 0 : rng.below(other.length);
      const len = 1 + rng.below(32);
      return concat(input.subarray(0, pos), other.subarray(from, from + len), input.subarray(pos));
    }
    case 10: {
      if (n === 0) break;
      const out = copy();
      out[pos] = (out[pos]! + (rng.below(2) ? 1 : -1) * (1 + rng.below(16))) & 0xff;
      return out;
    }
    case 11: {
      if (n < 2) break;
      const out = copy();
      const other2 = rng.below(n);
      const t = out[pos]!;
      out[pos] = out[other2]!;
      out[other2] = t;
      return out;
    }
    case 12: {
      // A fixed-width little-endian edge value (int32/int64 fields, frame part lengths).
      const width = rng.below(2) ? 4 : 8;
      const v = BigInt.asUintN(width * 8, BigInt(rng.pick([0, -1, 1, 0x7fffffff, -0x80000000, 0xffffffff, 2 ** 53 - 1, 0x100])));
      const bytes = Array.from({ length: width }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
      return concat(input.subarray(0, pos), bytes, input.subarray(Math.min(n, pos + width)));
    }
  }
  return concat(input, [rng.below(256)]);
}

/** AFL-style hit-count buckets: a block run 0, 1, 2, 3, 4-7, … times is a different feature. */
function bucket(count: number): number {
  if (count <= 3) return count;
  if (count <= 7) return 4;
  if (count <= 15) return 5;
  if (count <= 31) return 6;
  if (count <= 127) return 7;
  return 8;
}

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface CoverageResult {
  result: Array<{ url: string; functions: Array<{ ranges: CoverageRange[] }> }>;
}

/** Block coverage of the selected scripts, as a set of (script, block, bucket) features. */
export class Coverage {
  private readonly session = new Session();
  private readonly seen = new Set<number>();
  private readonly scriptIds = new Map<string, number>();

  constructor(private readonly urls: readonly string[]) {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    this.collect(); // drop what loading did
    this.seen.clear();
  }

  get features(): number {
    return this.seen.size;
  }

  // In-thread inspector sessions answer synchronously.
  private post(method: string, params?: object): unknown {
    let result: unknown;
    let error: Error | null = null;
    this.session.post(method, params, (err, res) => {
      error = err;
      result = res;
    });
    if (error) throw error;
    return result;
  }

  /** Counts since the last call (V8 resets them); returns how many features are new. */
  collect(): number {
    const cov = this.post('Profiler.takePreciseCoverage') as CoverageResult;
    let fresh = 0;
    for (const script of cov.result) {
      if (!this.urls.some((u) => script.url.includes(u))) continue;
      let id = this.scriptIds.get(script.url);
      if (id === undefined) this.scriptIds.set(script.url, (id = this.scriptIds.size));
      for (const fn of script.functions) {
        // V8 reports a nested block only where its count differs from the enclosing one, so the
        // count-0 ranges of a run function (its untaken branches) are features too.
        for (const r of fn.ranges) {
          const feature = (((id * 0x9e3779b1) ^ (r.startOffset * 0x85ebca6b) ^ (r.endOffset * 0xc2b2ae35)) >>> 0) * 9 + bucket(r.count);
          if (!this.seen.has(feature)) {
            this.seen.add(feature);
            fresh++;
          }
        }
      }
    }
    return fresh;
  }

  stop(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }
}

/** JS heap in use plus external (ArrayBuffer) memory. */
export function heapNow(): number {
  const s = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
  return s.used_heap_size + (s.external_memory ?? 0);
}

/** Run one input through one target: the problem (null when none) and the heap growth it showed. */
export function runOnce(target: FuzzTarget, input: Uint8Array): { problem: string | null; growth: number } {
  const before = heapNow();
  let problem: string | null = null;
  try {
    target.run(input);
  } catch (err) {
    problem = target.problem(err);
  }
  return { problem, growth: heapNow() - before };
}

/**
 * Run `runs` mutants (after every seed once). Findings are reported once per target, kind and
 * signature (the first line of the problem), through hooks.onFinding.
 */
export function fuzz(targets: readonly FuzzTarget[], seeds: readonly Uint8Array[], options: FuzzOptions, hooks: FuzzHooks = {}): FuzzStats {
  const rng = new Rng(options.seed);
  const coverage = new Coverage(options.coverageUrls);
  const corpus: Uint8Array[] = [];
  const reported = new Set<string>();
  const stats: FuzzStats = { runs: 0, executions: 0, corpusSize: 0, seedCount: seeds.length, mutantsKept: 0, features: 0, maxGrowthBytes: 0 };

  const stops = options.knownStops ?? [];
  const isKnownStop = (input: Uint8Array) => stops.some((s) => s.length === input.length && s.every((b, i) => b === input[i]));

  const execute = (input: Uint8Array, run: number): void => {
    if (stops.length > 0 && isKnownStop(input)) return;
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t]!;
      hooks.beforeRun?.(input, t, run);
      const { problem, growth } = runOnce(target, input);
      if (growth > stats.maxGrowthBytes) stats.maxGrowthBytes = growth;
      stats.executions++;
      const report = (kind: FindingKind, detail: string) => {
        const key = `${kind}:${target.name}:${detail.split('\n')[0]}`;
        if (reported.has(key)) return;
        reported.add(key);
        hooks.onFinding?.({ kind, target: target.name, detail, input });
      };
      if (problem !== null) report('crash', problem);
      if (growth > options.maxGrowthBytes) report('memory', `heap grew by ${growth} bytes (bound ${options.maxGrowthBytes})`);
    }
    if (coverage.collect() > 0 || corpus.length === 0) {
      corpus.push(input);
      if (run >= 0) stats.mutantsKept++;
      hooks.onNewInput?.(input);
    }
  };

  try {
    for (const seed of seeds) execute(seed.subarray(0, options.maxInputBytes), -1);
    for (let run = 0; run < options.runs; run++) {
      const base = rng.pick(corpus);
      let input = base;
      // Stack 1-4 mutations (AFL "havoc").
      const depth = 1 + rng.below(4);
      for (let i = 0; i < depth; i++) input = mutateOnce(rng, input, rng.pick(corpus));
      if (input.length > options.maxInputBytes) input = input.subarray(0, options.maxInputBytes);
      execute(input, run);
      stats.runs++;
    }
  } finally {
    coverage.stop();
  }
  stats.corpusSize = corpus.length;
  stats.features = coverage.features;
  return stats;
}
