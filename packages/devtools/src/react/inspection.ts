/** An entry inspected once: the inspector's result and, when it has a tree, the panel's index of it. */
import type { InspectResult } from '../inspector/types.js';
import type { InspectFn, PayloadEntry } from './entries.js';
import { TreeIndex } from './tree-index.js';

export interface Inspection {
  readonly result: InspectResult;
  readonly index: TreeIndex | undefined;
  /** Milliseconds spent in `inspect` and in indexing (shown in the status bar). */
  readonly inspectMs: number;
  readonly indexMs: number;
}

/** Inspections by entry, computed on first use and kept while the entry is listed. */
export class InspectionCache {
  private readonly cache = new WeakMap<PayloadEntry, Inspection>();

  constructor(private readonly inspect: InspectFn) {}

  get(entry: PayloadEntry): Inspection {
    let found = this.cache.get(entry);
    if (!found) {
      const started = performance.now();
      const result = inspectSafely(this.inspect, entry);
      found = withIndex(result, performance.now() - started);
      this.cache.set(entry, found);
    }
    return found;
  }

  has(entry: PayloadEntry): boolean {
    return this.cache.has(entry);
  }

  /**
   * Like `get`, in two tasks (inspect, then index) with a turn of the event loop between them, so a
   * large payload blocks the page for the longer of the two instead of their sum.
   */
  getAsync(entry: PayloadEntry, signal: { cancelled: boolean }): Promise<Inspection | undefined> {
    const found = this.cache.get(entry);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      setTimeout(() => {
        if (signal.cancelled) return resolve(undefined);
        const started = performance.now();
        const result = inspectSafely(this.inspect, entry);
        const inspectMs = performance.now() - started;
        setTimeout(() => {
          if (signal.cancelled) return resolve(undefined);
          const inspection = withIndex(result, inspectMs);
          this.cache.set(entry, inspection);
          resolve(inspection);
        }, 0);
      }, 0);
    });
  }
}

function inspectSafely(inspect: InspectFn, entry: PayloadEntry): InspectResult {
  try {
    return inspect(entry.bytes, entry.buffers.length > 0 ? { buffers: entry.buffers } : {});
  } catch (error) {
    // The inspector reports decoding problems in `result.error`; anything thrown is a bug we still show.
    const e = error as Error;
    return { byteLength: entry.bytes.length, typeDefs: [], warnings: [], nodeCount: 0, error: { message: e.message, name: e.name ?? 'Error', offset: 0 } };
  }
}

function withIndex(result: InspectResult, inspectMs: number): Inspection {
  const started = performance.now();
  const index = result.root ? new TreeIndex(result.root) : undefined;
  return { result, index, inspectMs, indexMs: performance.now() - started };
}
