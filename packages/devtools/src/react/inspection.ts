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
      found = inspectEntry(this.inspect, entry);
      this.cache.set(entry, found);
    }
    return found;
  }

  has(entry: PayloadEntry): boolean {
    return this.cache.has(entry);
  }
}

function inspectEntry(inspect: InspectFn, entry: PayloadEntry): Inspection {
  const t0 = performance.now();
  let result: InspectResult;
  try {
    result = inspect(entry.bytes, entry.buffers.length > 0 ? { buffers: entry.buffers } : {});
  } catch (error) {
    // The inspector reports decoding problems in `result.error`; anything thrown is a bug we still show.
    const e = error as Error;
    result = { byteLength: entry.bytes.length, typeDefs: [], warnings: [], nodeCount: 0, error: { message: e.message, name: e.name ?? 'Error', offset: 0 } };
  }
  const t1 = performance.now();
  const index = result.root ? new TreeIndex(result.root) : undefined;
  return { result, index, inspectMs: t1 - t0, indexMs: performance.now() - t1 };
}
