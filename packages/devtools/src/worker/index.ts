/**
 * @ferry/devtools/worker — a Web Worker script that runs `inspect` off the page's main thread, for
 * `<FerryPanel inspectWorker={…} />`. With vite:
 *
 *   import InspectWorker from '@ferry/devtools/worker?worker';
 *   <FerryPanel inspectWorker={() => new InspectWorker()} />
 *
 * Protocol: the page posts `{ id, bytes, buffers }` (transferred copies). The worker answers with
 * the tree flattened in pre-order and cut into slices — `{ id, kind: 'nodes', nodes }` messages of
 * at most `NODES_PER_MESSAGE` nodes without their `children` — then `{ id, kind: 'done', result,
 * parent }` with the result minus its root and each node's parent index (-1 for the root). One
 * structured clone of a 10^6-node tree would block the page for as long as inspecting it; slices
 * are received in separate short tasks.
 */
import { inspectSafely } from '../inspect-safely.js';
import { inspect } from '../inspector/inspect.js';
import type { InspectNode, InspectResult } from '../inspector/types.js';

export const NODES_PER_MESSAGE = 2048;

export interface InspectRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly buffers: readonly Uint8Array[];
}

export type InspectResponse =
  | { readonly id: number; readonly kind: 'nodes'; readonly nodes: InspectNode[] }
  | { readonly id: number; readonly kind: 'done'; readonly result: Omit<InspectResult, 'root'>; readonly parent: Int32Array };

interface WorkerScope {
  onmessage: ((event: MessageEvent<InspectRequest>) => void) | null;
  postMessage(message: InspectResponse, transfer?: Transferable[]): void;
}

/** Pre-order nodes without children, and their parents' indices. */
function flatten(root: InspectNode, emit: (nodes: InspectNode[]) => void): Int32Array {
  const parents: number[] = [];
  let batch: InspectNode[] = [];
  const stack: InspectNode[] = [root];
  const stackParent: number[] = [-1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const at = parents.length;
    parents.push(stackParent.pop()!);
    const { children, ...shell } = node;
    batch.push(shell);
    if (batch.length === NODES_PER_MESSAGE) {
      emit(batch);
      batch = [];
    }
    if (children) {
      for (let c = children.length - 1; c >= 0; c--) {
        stack.push(children[c]!);
        stackParent.push(at);
      }
    }
  }
  if (batch.length > 0) emit(batch);
  return Int32Array.from(parents);
}

// Only when loaded as a worker (no `document`): importing this module elsewhere has no effect.
if (typeof document === 'undefined' && typeof globalThis.postMessage === 'function') {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const { id, bytes, buffers } = event.data;
    const { root, ...result } = inspectSafely(inspect, bytes, buffers);
    const parent = root ? flatten(root, (nodes) => scope.postMessage({ id, kind: 'nodes', nodes })) : new Int32Array(0);
    scope.postMessage({ id, kind: 'done', result, parent }, [parent.buffer]);
  };
}

/**
 * The page side: rebuilds the tree from the slices (each node's `children` in order). Returns the
 * root, or undefined for an empty tree.
 */
export function rebuildTree(nodes: InspectNode[], parent: Int32Array): InspectNode | undefined {
  if (nodes.length !== parent.length) throw new RangeError(`inspect worker: ${nodes.length} nodes but ${parent.length} parent links`);
  for (let i = 1; i < nodes.length; i++) {
    const p = nodes[parent[i]!] as { children?: InspectNode[] };
    (p.children ??= []).push(nodes[i]!);
  }
  return nodes[0];
}
