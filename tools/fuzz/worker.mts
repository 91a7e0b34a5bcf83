/**
 * The fuzz loop, in a worker thread so that run.ts can stop an input that hangs (terminate) or
 * allocates without bound (the worker's heap limit) and go on with the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzz } from './engine.mjs';
import type { FuzzTarget } from './engine.mjs';
import { CONTROL_BYTES, type WorkerInput, type WorkerMessage } from './protocol.mjs';

const { seeds, options, running, targetsModule } = workerData as WorkerInput;
const control = new Int32Array(running, 0, 4);
const data = new Uint8Array(running, CONTROL_BYTES);
const port = parentPort!;
const { TARGETS } = (await import(targetsModule)) as { TARGETS: ReadonlyArray<() => FuzzTarget> };
const targets = TARGETS.map((make) => make());
port.postMessage({ type: 'targets', names: targets.map((t) => t.name) } satisfies WorkerMessage);

const stats = fuzz(targets, seeds, options, {
  beforeRun(input, target, run) {
    data.set(input.subarray(0, data.length));
    control[1] = target;
    control[2] = Math.min(input.length, data.length);
    control[3] = run;
    Atomics.add(control, 0, 1);
  },
  onFinding(f) {
    port.postMessage({ type: 'finding', kind: f.kind, target: f.target, detail: f.detail, input: f.input } satisfies WorkerMessage);
  },
  onNewInput(input) {
    port.postMessage({ type: 'input', input } satisfies WorkerMessage);
  },
});
port.postMessage({ type: 'done', stats } satisfies WorkerMessage);
