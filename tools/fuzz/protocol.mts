/** Messages and shared memory between run.mts (the watchdog) and worker.mts (the fuzz loop). */
import type { FuzzOptions, FuzzStats } from './engine.mjs';

export interface WorkerInput {
  readonly seeds: Uint8Array[];
  readonly options: FuzzOptions;
  /** Int32 [sequence, target index, input length, run index] then the input bytes: what is running now. */
  readonly running: SharedArrayBuffer;
  /** URL of the module whose `TARGETS` are fuzzed (default: targets.mts). */
  readonly targetsModule: string;
}

export type WorkerMessage =
  | { type: 'finding'; kind: string; target: string; detail: string; input: Uint8Array }
  | { type: 'targets'; names: string[] }
  | { type: 'input'; input: Uint8Array }
  | { type: 'done'; stats: FuzzStats };

export const CONTROL_BYTES = 16;
