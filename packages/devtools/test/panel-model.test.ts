/**
 * The panel's data model on real inspector trees of real payloads: the flat tree index (visible
 * rows, byte → node, search, reveal), the structural diff and the size breakdown.
 */
import { Fory, Type, encodeFrames, frameSize } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { inspect } from '../src/index.js';
import type { InspectNode } from '../src/inspector/types.js';
import { diffTrees } from '../src/react/diff.js';
import { copyValue } from '../src/react/details.js';
import { payloadAndBuffers, splitFrames } from '../src/react/entries.js';
import { sizeRows } from '../src/react/size-view.js';
import { initialExpansion, TreeIndex } from '../src/react/tree-index.js';
import { rowOf } from '../src/react/tree-view.js';

const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32(), tags: Type.list(Type.string()) });
const fory = new Fory({ compatible: true }).register(Person);

function people(n: number, tweak?: (i: number) => Partial<{ name: string; age: number; tags: string[] }>) {
  return Array.from({ length: n }, (_, i) => ({ name: `person-${i}`, age: i, tags: ['a', `t${i}`], ...tweak?.(i) }));
}

function walk(node: InspectNode, visit: (n: InspectNode) => void): void {
  visit(node);
  for (const c of node.children ?? []) walk(c, visit);
}

describe('TreeIndex', () => {
  const result = inspect(fory.serialize(people(50), Type.list(Person)));
  const index = new TreeIndex(result.root!);

  it('holds every node in pre-order with consistent parents, depths and subtree ends', () => {
    expect(result.error).toBeUndefined();
    expect(index.size).toBe(result.nodeCount);
    index.nodes.forEach((n, i) => expect(n.id).toBe(i)); // the inspector's ids are pre-order too
    for (let i = 1; i < index.size; i++) {
      const p = index.parent[i]!;
      expect(index.depth[i]).toBe(index.depth[p]! + 1);
      expect(index.nodes[p]!.children).toContain(index.nodes[i]);
      expect(i).toBeLessThan(index.subtreeEnd[p]!);
    }
    let count = 0;
    walk(index.nodes[7]!, () => count++);
    expect(index.subtreeEnd[7]! - 7).toBe(count);
  });

  it('lists visible rows for any expansion', () => {
    const collapsed = new Uint8Array(index.size);
    expect([...index.visibleRows(collapsed)]).toEqual([0]);
    collapsed[0] = 1;
    expect(index.visibleRows(collapsed).length).toBe(1 + 50); // the root and its 50 people
    expect(index.visibleRows(new Uint8Array(index.size).fill(1)).length).toBe(index.size);
    const initial = initialExpansion(index);
    expect(initial[0]).toBe(1);
  });

  it('maps every byte of a leaf to that leaf, and container bytes to the container', () => {
    walk(result.root!, (n) => {
      if (n.children?.length || n.end === n.start) return;
      for (let at = n.start; at < n.end; at++) {
        const hit = index.nodes[index.deepestAt(at)]!;
        expect(hit.start <= at && at < hit.end, `${n.path} @${at}`).toBe(true);
        expect(hit.children?.length ?? 0).toBe(0);
      }
    });
    expect(index.deepestAt(0)).toBe(-1); // the payload header belongs to no node
    expect(index.deepestAt(result.byteLength + 10)).toBe(-1);
  });

  it('searches labels, previews and types, and reveals a hit', () => {
    const hits = index.search('PERSON-42');
    expect(hits.length).toBe(2); // the struct (its preview names it) and its name field
    const field = hits[1]!;
    expect(index.nodes[field]!.path).toMatch(/\[42\]\.name$/);
    const expanded = new Uint8Array(index.size);
    expect(index.reveal(field, expanded)).toBe(true);
    const rows = index.visibleRows(expanded);
    expect(rowOf(rows, field)).toBeGreaterThan(0);
    expect(index.search('  ').length).toBe(0);
  });
});

describe('diffTrees', () => {
  it('reports changed leaves, added and removed subtrees by path', () => {
    const a = inspect(fory.serialize(people(3), Type.list(Person))).root!;
    const b = inspect(fory.serialize(people(4, (i) => (i === 1 ? { age: 99 } : {})), Type.list(Person))).root!;
    const rows = diffTrees(a, b);
    const summary = rows.map((r) => [r.kind, r.path]);
    expect(summary).toContainEqual(['changed', '$[1].age']);
    expect(summary).toContainEqual(['added', '$[3]']);
    // Only the topmost added node, not its fields; the list itself changed its preview (size).
    expect(summary.filter(([, p]) => (p as string).startsWith('$[3].'))).toEqual([]);
    expect(diffTrees(b, a).map((r) => [r.kind, r.path])).toContainEqual(['removed', '$[3]']);
    expect(diffTrees(a, inspect(fory.serialize(people(3), Type.list(Person))).root!)).toEqual([]);
  });
});

describe('size breakdown', () => {
  it('accounts for every byte of the payload at the root', () => {
    const result = inspect(fory.serialize(people(20), Type.list(Person)));
    const index = new TreeIndex(result.root!);
    const rows = sizeRows(index, result, 0);
    expect(rows.reduce((s, r) => s + r.bytes, 0)).toBe(result.byteLength);
    const nodes = rows.filter((r) => r.node >= 0);
    expect(nodes.map((r) => r.bytes)).toEqual([...nodes.map((r) => r.bytes)].sort((x, y) => y - x));
    // Any container's rows add up to its own range.
    const struct = index.search('person-3')[0]!;
    expect(sizeRows(index, result, struct).reduce((s, r) => s + r.bytes, 0)).toBe(index.byteSize(struct));
  });
});

describe('copy value', () => {
  it('renders structs as objects and lists as arrays', () => {
    const dynamic = new Fory();
    const result = inspect(dynamic.serialize({ name: 'Ann', list: [1, 2], nested: { ok: true } }));
    const index = new TreeIndex(result.root!);
    expect(JSON.parse(copyValue(index, 0))).toEqual({ name: 'Ann', list: [1, 2], nested: { ok: true } });
  });
});

describe('entries', () => {
  it('split a frames container into payload and buffers', () => {
    const oob = new Fory();
    const buffers: Uint8Array[] = [];
    const payload = oob.serialize({ data: new Float64Array(2048) }, { bufferCallback: (o) => (buffers.push(o.toBuffer()), false) });
    expect(buffers.length).toBe(1);
    const split = splitFrames(encodeFrames(payload, buffers, new Uint8Array(frameSize(payload, buffers))));
    expect(split.bytes).toEqual(payload);
    expect(split.buffers.map((b) => b.length)).toEqual([buffers[0]!.length]);
  });

  it('tell dropped payload files from buffer files', () => {
    const f = (name: string) => ({ name, bytes: new Uint8Array([name.length]) });
    const { payload, buffers } = payloadAndBuffers([f('x.buf1'), f('capture.bin'), f('x.buf0')]);
    expect(payload.name).toBe('capture.bin');
    expect(buffers).toEqual([new Uint8Array([6]), new Uint8Array([6])]);
    expect(payloadAndBuffers([f('only.buf0')]).payload.name).toBe('only.buf0');
    expect(() => payloadAndBuffers([f('a.bin'), f('b.bin')])).toThrow(/2 payload files/);
  });
});
