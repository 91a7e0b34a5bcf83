/**
 * A flat, index-based view of an inspector tree for the panel: pre-order arrays with parent, depth
 * and subtree extent, so that the visible rows, "expand all", byte → node lookups and search are
 * loops over typed arrays instead of recursive walks (trees of a 5 MB payload have ~10^6 nodes, and
 * deep ones would overflow the stack).
 */
import type { InspectNode } from '../inspector/types.js';

export class TreeIndex {
  /** Nodes in depth-first pre-order; a node's index is its position here. */
  readonly nodes: readonly InspectNode[];
  /** Parent index, -1 for the root. */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** One past the last index of the node's subtree: children of `i` start at `i + 1`. */
  readonly subtreeEnd: Int32Array;
  /** Id → index, when ids are not the pre-order indices themselves. */
  private readonly indexOfId: Map<number, number> | undefined;
  /** Lower-cased `label preview type` per node, built on the first search. */
  private haystack: string[] | undefined;

  /**
   * `preorder`: the nodes already flattened in pre-order with their parent indices (as the inspect
   * worker sends them), which skips the walk.
   */
  constructor(root: InspectNode, preorder?: { readonly nodes: readonly InspectNode[]; readonly parent: Int32Array }) {
    if (preorder) {
      this.nodes = preorder.nodes;
      this.parent = preorder.parent;
      this.depth = new Int32Array(this.parent.length);
      for (let i = 1; i < this.parent.length; i++) this.depth[i] = this.depth[this.parent[i]!]! + 1;
    } else {
      const walked = TreeIndex.walk(root);
      this.nodes = walked.nodes;
      this.parent = walked.parent;
      this.depth = walked.depth;
    }
    const nodes = this.nodes;
    const n = nodes.length;
    this.subtreeEnd = new Int32Array(n);
    // In pre-order a subtree ends where the next node of the same or a smaller depth starts.
    for (let i = n - 1; i >= 0; i--) {
      let end = i + 1;
      while (end < n && this.depth[end]! > this.depth[i]!) end = this.subtreeEnd[end]!;
      this.subtreeEnd[i] = end;
    }
    // The inspector numbers nodes in pre-order, so a node's id is its index; other trees get a map.
    let idsAreIndices = true;
    for (let i = 0; i < n && idsAreIndices; i++) idsAreIndices = nodes[i]!.id === i;
    this.indexOfId = idsAreIndices ? undefined : new Map(nodes.map((node, i) => [node.id, i]));
  }

  private static walk(root: InspectNode): { nodes: InspectNode[]; parent: Int32Array; depth: Int32Array } {
    const nodes: InspectNode[] = [];
    const parents: number[] = [];
    const depths: number[] = [];
    // Iterative pre-order with parallel stacks (no per-node allocation); children are pushed in
    // reverse so they pop in order.
    const stackNodes: InspectNode[] = [root];
    const stackParents: number[] = [-1];
    const stackDepths: number[] = [0];
    while (stackNodes.length > 0) {
      const node = stackNodes.pop()!;
      const parent = stackParents.pop()!;
      const depth = stackDepths.pop()!;
      const at = nodes.length;
      nodes.push(node);
      parents.push(parent);
      depths.push(depth);
      const children = node.children;
      if (children) {
        for (let c = children.length - 1; c >= 0; c--) {
          stackNodes.push(children[c]!);
          stackParents.push(at);
          stackDepths.push(depth + 1);
        }
      }
    }
    return { nodes, parent: Int32Array.from(parents), depth: Int32Array.from(depths) };
  }

  get size(): number {
    return this.nodes.length;
  }

  hasChildren(i: number): boolean {
    return this.subtreeEnd[i]! > i + 1;
  }

  /** The index of the node with this inspector id (e.g. a back-ref's `refTarget`). */
  byId(id: number): number | undefined {
    if (this.indexOfId) return this.indexOfId.get(id);
    return Number.isInteger(id) && id >= 0 && id < this.size ? id : undefined;
  }

  /** Indices of the visible rows: every node whose ancestors are all expanded. */
  visibleRows(expanded: Uint8Array): Int32Array {
    const out = new Int32Array(this.size);
    let count = 0;
    let i = 0;
    while (i < this.size) {
      out[count++] = i;
      i = expanded[i] ? i + 1 : this.subtreeEnd[i]!;
    }
    return out.subarray(0, count);
  }

  /** Expand every ancestor of `i` (so that it is visible). Returns whether anything changed. */
  reveal(i: number, expanded: Uint8Array): boolean {
    let changed = false;
    for (let p = this.parent[i]!; p >= 0; p = this.parent[p]!) {
      if (!expanded[p]) {
        expanded[p] = 1;
        changed = true;
      }
    }
    return changed;
  }

  /** The deepest node whose byte range contains `offset`, or -1 (e.g. a header byte). */
  deepestAt(offset: number): number {
    let at = 0;
    const root = this.nodes[0]!;
    if (offset < root.start || offset >= root.end) return -1;
    for (;;) {
      const children = this.nodes[at]!.children;
      if (!children || children.length === 0) return at;
      // Children are written one after the other: binary search the last one starting at or before offset.
      let lo = 0;
      let hi = children.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (children[mid]!.start <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const child = found >= 0 ? children[found]! : undefined;
      if (!child || offset >= child.end) return at; // bytes of the container itself (length, chunk header…)
      at = this.byId(child.id)!;
    }
  }

  /** Indices of nodes whose label, preview or type contains `query` (case-insensitive), in order. */
  search(query: string): Int32Array {
    const q = query.trim().toLowerCase();
    if (q.length === 0) return new Int32Array(0);
    const haystack = (this.haystack ??= this.nodes.map((n) => `${n.label}\u0000${n.preview}\u0000${n.type}`.toLowerCase()));
    const hits: number[] = [];
    for (let i = 0; i < haystack.length; i++) if (haystack[i]!.includes(q)) hits.push(i);
    return Int32Array.from(hits);
  }

  /** Bytes of a node's subtree. */
  byteSize(i: number): number {
    const node = this.nodes[i]!;
    return node.end - node.start;
  }
}

/** Expansion state with the first `levels` levels open (all of it for small trees). */
export function initialExpansion(index: TreeIndex, levels = 2): Uint8Array {
  const expanded = new Uint8Array(index.size);
  const all = index.size <= 200;
  for (let i = 0; i < index.size; i++) if (all || index.depth[i]! < levels) expanded[i] = 1;
  return expanded;
}
