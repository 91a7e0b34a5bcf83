/**
 * Structural diff of two inspector trees, keyed by node path: what was added, removed, or changed
 * (a different type anywhere, or a different value at a leaf). Containers whose own type is equal
 * are not reported themselves: their differing descendants are.
 */
import type { InspectNode } from '../inspector/types.js';

export type DiffKind = 'added' | 'removed' | 'changed';

export interface DiffRow {
  readonly kind: DiffKind;
  readonly path: string;
  readonly before?: InspectNode;
  readonly after?: InspectNode;
}

/** Every node by path, pre-order; a path seen twice (e.g. equal-looking map keys) gets `#2`, `#3`… */
function byPath(root: InspectNode): Map<string, InspectNode> {
  const out = new Map<string, InspectNode>();
  const stack: InspectNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    let key = node.path;
    for (let n = 2; out.has(key); n++) key = `${node.path}#${n}`;
    out.set(key, node);
    const children = node.children;
    if (children) for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
  }
  return out;
}

function isLeaf(node: InspectNode): boolean {
  return !node.children || node.children.length === 0;
}

export function diffTrees(before: InspectNode, after: InspectNode): DiffRow[] {
  const a = byPath(before);
  const b = byPath(after);
  const rows: DiffRow[] = [];
  for (const [path, node] of a) {
    const other = b.get(path);
    if (!other) {
      // Report the topmost removed node only: its descendants went with it.
      const parent = parentKey(a, node);
      if (parent === undefined || b.has(parent)) rows.push({ kind: 'removed', path, before: node });
      continue;
    }
    if (node.type !== other.type || node.kind !== other.kind || ((isLeaf(node) || isLeaf(other)) && node.preview !== other.preview)) {
      rows.push({ kind: 'changed', path, before: node, after: other });
    }
  }
  for (const [path, node] of b) {
    if (a.has(path)) continue;
    const parent = parentKey(b, node);
    if (parent === undefined || a.has(parent)) rows.push({ kind: 'added', path, after: node });
  }
  return rows;
}

/** The key of a node's parent in its map, found through the `children` links (paths are not parsed). */
const parentKeys = new WeakMap<Map<string, InspectNode>, Map<InspectNode, string>>();
function parentKey(map: Map<string, InspectNode>, node: InspectNode): string | undefined {
  let parents = parentKeys.get(map);
  if (!parents) {
    parents = new Map();
    for (const [key, n] of map) for (const c of n.children ?? []) parents.set(c, key);
    parentKeys.set(map, parents);
  }
  return parents.get(node);
}
