/**
 * Coverage-guided fuzzing of `deserialize` and of the devtools inspector (tools/fuzz,
 * docs/security.md "Fuzzing"): a bounded,
 * reproducible run (fixed seed, fixed number of mutants) seeded with payloads of every type written
 * by Ferry, by pyfory and by Java fory-core, in every mode (compatible / schema-consistent, with and
 * without ref tracking) and as out-of-band frames.
 *
 * Properties checked for every input and target: only ForyErrors escape (none wrapping an internal
 * error), no input keeps a target busy beyond the watchdog's bound, no input grows the heap beyond
 * the bound or exhausts the worker's heap limit. A finding fails this test and leaves the input in
 * reports/fuzz/findings; once fixed, it goes to tools/fuzz/regressions, which is replayed under the
 * same checks on every run:
 *  - memory-zero-width-lists.bin: 1,500 lists of 7,000 NONE each (zero bytes per element) in 13 KB;
 *    before maxPayloadElements the reader allocated 81 MiB of element slots for it.
 *  - crash-inspect-timestamp-beyond-date-range.bin: a timestamp beyond the Date range decodes as a
 *    Timestamp, whose toString threw RangeError (found by fuzzing the inspector, which prints it).
 *  - timeout-quadratic-map-rebind.bin: 60,000 refs, then 60,000 maps (decoded as objects) that turn
 *    into Maps at their second key; each turn scanned the whole ref table (quadratic: 25 s for
 *    1.8 MB), now it rebinds its own slot.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as V from '../../../peers/struct-values.mjs';
import type { RunSummary } from '../../../tools/fuzz/run.mjs';
import { encodeFrames, Fory, type BufferObject } from '../src/index.js';
import { h } from './helpers.js';
import { CASES } from './xlang/cases.js';
import { usePeer } from './xlang/peer.js';
import { userTypes } from './xlang/schemas.js';
import { toFerry, type Tagged } from './xlang/tagged.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WORK = join(REPO, 'reports/fuzz');
const BUILD = join(WORK, 'build');
const SEEDS = join(WORK, 'seeds');
const FINDINGS = join(WORK, 'findings');
/** Mutants per CI run (each goes through every target); override with FERRY_FUZZ_RUNS for longer local runs. */
const RUNS = Number(process.env.FERRY_FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.FERRY_FUZZ_SEED ?? 1);

const MODES = [
  { name: 'C', compatible: true, ref: false },
  { name: 'CR', compatible: true, ref: true },
  { name: 'S', compatible: false, ref: false },
  { name: 'SR', compatible: false, ref: true },
] as const;

/** Tagged values of every built-in type (the xlang cases) and of every peer user type. */
function taggedValues(ref: boolean): Array<{ name: string; value: Tagged }> {
  const out = CASES.filter((c) => ref || !c.refOnly).map((c) => ({ name: c.name, value: c.value }));
  out.push({ name: 'person', value: V.person('Bob', 25) as Tagged }, { name: 'personById', value: V.personById('Bob', 25) as Tagged });
  for (const [name, make] of Object.entries(V)) {
    if (typeof make !== 'function' || make.length !== 0) continue;
    if (name === 'nodeCycle' && !ref) continue;
    out.push({ name, value: (make as () => Tagged)() });
  }
  return out;
}

const seeds = new Map<string, Uint8Array>();
const counts = { ferry: 0, python: 0, java: 0, frames: 0 };

function addSeed(source: keyof typeof counts, name: string, bytes: Uint8Array): void {
  seeds.set(`${source}-${name}`.replace(/[^A-Za-z0-9_.-]+/g, '_'), bytes);
  counts[source]++;
}

/** Run the compiled harness (tools/fuzz/run.mts) and return its summary. */
async function runFuzzer(args: string[]): Promise<RunSummary> {
  const child = spawn(process.execPath, [join(BUILD, 'tools/fuzz/run.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  expect(code).toBe(0);
  return JSON.parse(stdout.trim().split('\n').pop()!) as RunSummary;
}

describe('fuzzing deserialize and the inspector', () => {
  const peers = { python: usePeer('python'), java: usePeer('java') };

  beforeAll(() => {
    rmSync(WORK, { recursive: true, force: true });
    // The harness runs outside Vitest (a worker thread per run): compile it, with core's sources.
    execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tools/fuzz/tsconfig.json')], { stdio: 'inherit' });
    writeFileSync(join(BUILD, 'package.json'), '{"type":"module"}\n');
  }, 120_000);

  afterAll(() => {
    rmSync(BUILD, { recursive: true, force: true });
  });

  it('collects seeds of every type from Ferry, pyfory and Java, in every mode, and as frames', async () => {
    for (const mode of MODES) {
      const fory = new Fory({ compatible: mode.compatible, ref: mode.ref }).register(...(Object.values(userTypes(1)) as never[]));
      for (const { name, value } of taggedValues(mode.ref)) {
        try {
          addSeed('ferry', `${mode.name}-${name}`, fory.serialize(toFerry(value, new Map(), undefined, userTypes(1))));
        } catch {
          // A value Ferry has no dynamic carrier for (e.g. a peer-only form): the peers still write it.
        }
      }
      for (const kind of ['python', 'java'] as const) {
        const peer = peers[kind]();
        expect((await peer.request({ op: 'config', ref: mode.ref, compatible: mode.compatible })).ok).toBe(true);
        for (const { name, value } of taggedValues(mode.ref)) {
          const res = await peer.request({ op: 'write', value });
          if (res.ok && res.hex) addSeed(kind, `${mode.name}-${name}`, h(res.hex));
        }
      }
    }
    // Out-of-band: every binary/dense array of each value in its own frame part.
    const fory = new Fory({ ref: true, compatible: true }).register(...(Object.values(userTypes(1)) as never[]));
    for (const { name, value } of taggedValues(true)) {
      const objects: BufferObject[] = [];
      try {
        const payload = fory.serialize(toFerry(value, new Map(), undefined, userTypes(1)), { bufferCallback: (o) => (objects.push(o), false) });
        if (objects.length > 0) addSeed('frames', name, encodeFrames(payload, objects.map((o) => o.toBuffer())));
      } catch {
        // as above
      }
    }
    mkdirSync(SEEDS, { recursive: true });
    for (const [name, bytes] of seeds) writeFileSync(join(SEEDS, `${name}.bin`), bytes);
    expect(counts.ferry).toBeGreaterThan(200);
    expect(counts.python).toBeGreaterThan(150);
    expect(counts.java).toBeGreaterThan(150);
    expect(counts.frames).toBeGreaterThan(5);
  }, 180_000);

  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  it('coverage guidance leads the harness to a crash planted behind four byte comparisons', async () => {
    const seedDir = join(WORK, 'planted-seeds');
    mkdirSync(seedDir, { recursive: true });
    writeFileSync(join(seedDir, 'zeros.bin'), new Uint8Array(4));
    const summary = await runFuzzer(['--seeds', seedDir, '--out', join(WORK, 'planted-findings'), '--runs', '40000', '--seed', '1', '--targets', fixture('fuzz-planted.mjs')]);
    expect(summary.findings).toHaveLength(1);
    const crash = summary.findings[0]!;
    expect([crash.kind, crash.target, crash.detail]).toEqual(['crash', 'crash', 'TypeError: planted defect']);
    expect(Array.from(readFileSync(crash.file).subarray(0, 4))).toEqual([0xfd, 0x18, 0x29, 0x7f]);
    expect(summary.stats.mutantsKept).toBeGreaterThanOrEqual(3); // one per comparison passed
  }, 300_000);

  it('the watchdog turns a hanging input into a timeout finding and a runaway allocation into an oom finding, and the run goes on', async () => {
    const seedDir = join(WORK, 'stopping-seeds');
    mkdirSync(seedDir, { recursive: true });
    writeFileSync(join(seedDir, 'a-hang.bin'), new Uint8Array([0xfe, 0xfd]));
    writeFileSync(join(seedDir, 'b-hoard.bin'), new Uint8Array([0x18, 0x29]));
    writeFileSync(join(seedDir, 'c-zeros.bin'), new Uint8Array(4));
    const summary = await runFuzzer(['--seeds', seedDir, '--out', join(WORK, 'stopping-findings'), '--runs', '2000', '--seed', '1',
      '--targets', fixture('fuzz-planted-stops.mjs'), '--timeout-ms', '1000', '--heap-mb', '64']);
    expect(summary.findings.map((f) => [f.kind, f.target, Array.from(readFileSync(f.file))])).toEqual([
      ['timeout', 'hang', [0xfe, 0xfd]],
      ['oom', 'hoard', [0x18, 0x29]],
    ]);
    expect(summary.restarts).toBe(2);
    expect(summary.stats.runs).toBe(2000);
  }, 300_000);

  it('replays the regression corpus (tools/fuzz/regressions) with no finding', async () => {
    const summary = await runFuzzer(['--seeds', join(REPO, 'tools/fuzz/regressions'), '--out', join(WORK, 'regression-findings'), '--runs', '0', '--max-input-bytes', String(4 << 20)]);
    expect(summary.stats.seedCount).toBeGreaterThanOrEqual(2);
    expect(summary.targets).toContain('inspect');
    expect(summary.stats.executions).toBe(summary.stats.seedCount * summary.targets.length);
    expect(summary.findings.map((f) => `${f.kind} in ${f.target}: ${f.detail.split('\n')[0]}`)).toEqual([]);
  }, 120_000);

  it(`finds no crash, hang or unbounded allocation in ${RUNS} mutants (seed ${SEED})`, async () => {
    expect(seeds.size).toBeGreaterThan(0);
    const summary = await runFuzzer(['--seeds', SEEDS, '--out', FINDINGS, '--runs', String(RUNS), '--seed', String(SEED)]);
    console.log(`fuzz: ${JSON.stringify(summary.stats)}, restarts ${summary.restarts}`);
    expect(summary.findings.map((f) => `${f.kind} in ${f.target}: ${f.detail.split('\n')[0]} (${f.file})`)).toEqual([]);
    expect(summary.stats.runs).toBe(RUNS);
    expect(summary.targets).toEqual(['compatible', 'compatible-ref-objects', 'consistent', 'consistent-ref-interpreted', 'frames', 'inspect']);
    expect(summary.stats.executions).toBeGreaterThanOrEqual(RUNS * summary.targets.length);
    // Coverage guidance at work: mutants reached code no seed did and joined the corpus.
    expect(summary.stats.mutantsKept).toBeGreaterThan(0);
  }, 600_000);
});
