/**
 * Entries inspected once: the inspector's result and, when it has a tree, the panel's index of it.
 * Large payloads are inspected without one long block of the page: in a Web Worker when the panel
 * was given one, otherwise in two tasks (inspect, then index) with a turn of the event loop between.
 */
import { inspectSafely, type InspectFn } from '../inspect-safely.js';
import type { InspectResult } from '../inspector/types.js';
import { rebuildTree, type InspectRequest, type InspectResponse } from '../worker/index.js';
import type { InspectNode } from '../inspector/types.js';
import type { PayloadEntry } from './entries.js';
import { TreeIndex } from './tree-index.js';

export interface Inspection {
  readonly result: InspectResult;
  readonly index: TreeIndex | undefined;
  /** Milliseconds spent in `inspect` (wall time, including the worker round trip) and in indexing. */
  readonly inspectMs: number;
  readonly indexMs: number;
  readonly inWorker: boolean;
}

/** Yields to the event loop (input, rendering) before the next slice of work. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Resolves after the next frame has been painted (so "Inspecting…" is on screen before the work). */
const afterPaint = () =>
  new Promise<void>((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(resolve, 0)));

export class InspectionCache {
  private readonly cache = new WeakMap<PayloadEntry, Inspection>();
  private worker: Worker | undefined;
  private workerBroken = false;
  private nextId = 1;
  private readonly pending = new Map<number, { nodes: InspectNode[]; done(answer: WorkerAnswer | undefined): void }>();

  constructor(
    private readonly inspect: InspectFn,
    private readonly workerFactory?: () => Worker,
  ) {}

  /** Synchronously (the diff view needs two trees at once). */
  get(entry: PayloadEntry): Inspection {
    let found = this.cache.get(entry);
    if (!found) {
      const started = performance.now();
      found = withIndex(inspectSafely(this.inspect, entry.bytes, entry.buffers), performance.now() - started);
      this.cache.set(entry, found);
    }
    return found;
  }

  async getAsync(entry: PayloadEntry, signal: { cancelled: boolean }): Promise<Inspection | undefined> {
    const cached = this.cache.get(entry);
    if (cached) return cached;
    await afterPaint();
    if (signal.cancelled) return undefined;
    const started = performance.now();
    const answer = await this.inWorker(entry);
    const result = answer?.result ?? inspectSafely(this.inspect, entry.bytes, entry.buffers);
    const inspectMs = performance.now() - started;
    await nextTask();
    if (signal.cancelled) return undefined;
    const inspection = this.cache.get(entry) ?? withIndex(result, inspectMs, answer?.preorder);
    this.cache.set(entry, inspection);
    return inspection;
  }

  /** The worker's result, or undefined without a (working) worker: the caller inspects itself. */
  private inWorker(entry: PayloadEntry): Promise<WorkerAnswer | undefined> {
    if (!this.workerFactory || this.workerBroken) return Promise.resolve(undefined);
    if (!this.worker) {
      try {
        this.worker = this.workerFactory();
      } catch {
        this.workerBroken = true;
        return Promise.resolve(undefined);
      }
      this.worker.onmessage = (event: MessageEvent<InspectResponse>) => {
        const message = event.data;
        const job = this.pending.get(message.id);
        if (!job) return;
        if (message.kind === 'nodes') {
          for (const node of message.nodes) job.nodes.push(node);
          return;
        }
        this.pending.delete(message.id);
        // Relinking children is a task of its own, after the last slice's.
        setTimeout(() => {
          const root = rebuildTree(job.nodes, message.parent);
          job.done({ result: root ? { ...message.result, root } : message.result, preorder: { nodes: job.nodes, parent: message.parent } });
        }, 0);
      };
      // A worker that fails to load or crashes: everything pending falls back to the main thread.
      this.worker.onerror = () => {
        this.workerBroken = true;
        for (const job of this.pending.values()) job.done(undefined);
        this.pending.clear();
      };
    }
    const id = this.nextId++;
    // Copies are transferred: the entry keeps its bytes for the hex view.
    const bytes = entry.bytes.slice();
    const buffers = entry.buffers.map((b) => b.slice());
    const request: InspectRequest = { id, bytes, buffers };
    return new Promise((resolve) => {
      this.pending.set(id, { nodes: [], done: resolve });
      this.worker!.postMessage(request, [bytes.buffer, ...buffers.map((b) => b.buffer)]);
    });
  }

  /** Stops the worker; a later inspection starts a new one (React StrictMode re-runs effects). */
  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const job of this.pending.values()) job.done(undefined);
    this.pending.clear();
  }
}

interface WorkerAnswer {
  readonly result: InspectResult;
  readonly preorder: { readonly nodes: readonly InspectNode[]; readonly parent: Int32Array };
}

function withIndex(result: InspectResult, inspectMs: number, preorder?: WorkerAnswer['preorder']): Inspection {
  const started = performance.now();
  const index = result.root ? new TreeIndex(result.root, preorder) : undefined;
  return { result, index, inspectMs, indexMs: performance.now() - started, inWorker: preorder !== undefined };
}
