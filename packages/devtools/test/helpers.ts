/** Shared checks for inspector trees. */
import type { InspectNode, InspectResult } from '../src/index.js';

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function* walk(node: InspectNode | undefined): Generator<InspectNode> {
  if (!node) return;
  const stack: InspectNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const c = n.children;
    if (c) for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]!);
  }
}

export function findByPath(result: InspectResult, path: string): InspectNode | undefined {
  for (const n of walk(result.root)) if (n.path === path) return n;
  return undefined;
}

/**
 * Structural invariants of every tree, partial or not: ids are depth-first pre-order from 0, every
 * range lies in the payload and inside its parent, siblings do not overlap and come in byte order,
 * back-references point to earlier nodes. Returns the first violation, or null.
 */
export function treeProblem(result: InspectResult): string | null {
  let expectedId = 0;
  const ids = new Set<number>();
  const check = (n: InspectNode, lo: number, hi: number): string | null => {
    if (n.id !== expectedId++) return `node ${n.path}: id ${n.id}, expected ${expectedId - 1} (pre-order)`;
    ids.add(n.id);
    if (!(n.start <= n.end)) return `node ${n.path}: start ${n.start} > end ${n.end}`;
    if (n.start < lo || n.end > hi) return `node ${n.path}: [${n.start}, ${n.end}) outside its parent [${lo}, ${hi})`;
    if (n.kind === 'back-ref' && !(n.refTarget !== undefined && ids.has(n.refTarget))) return `node ${n.path}: back-ref to ${n.refTarget}, not an earlier node`;
    let prevEnd = n.start;
    for (const c of n.children ?? []) {
      if (c.start < prevEnd) return `node ${c.path}: starts at ${c.start}, before its previous sibling ends (${prevEnd})`;
      const p = check(c, n.start, n.end);
      if (p) return p;
      prevEnd = c.end;
    }
    return null;
  };
  if (!result.root) return null;
  const p = check(result.root, 0, result.byteLength);
  if (p) return p;
  if (expectedId !== result.nodeCount) return `nodeCount ${result.nodeCount}, but the tree has ${expectedId} nodes`;
  return null;
}
