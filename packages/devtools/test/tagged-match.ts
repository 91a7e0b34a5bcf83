/**
 * Compare an inspector tree with the peers' tagged description of a value (peers/README.md
 * "Tagged values"): the tree must have the value's shape and scalars, found from the bytes alone.
 */
import type { InspectNode } from '../src/index.js';

type T = { t: string; v?: unknown; [k: string]: unknown };

const INTS = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);
const FLOATS = new Set(['float16', 'bfloat16', 'float32', 'float64']);

function parseFloatRepr(v: string): number {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

/** First mismatch between `node` and tagged `t` (null when they agree). */
export function mismatch(node: InspectNode, t: T, anchors = new Map<string, InspectNode>()): string | null {
  const at = `${node.path} (${node.kind} ${node.type})`;
  if (t.anchor !== undefined && node.kind !== 'back-ref') anchors.set(t.anchor as string, node);
  if (t.t === 'refto') {
    const target = anchors.get(t.anchor as string);
    if (node.kind !== 'back-ref') return `${at}: expected a back-reference to ${t.anchor}`;
    return node.refTarget === target?.id ? null : `${at}: back-ref points to #${node.refTarget}, expected #${target?.id}`;
  }
  if (node.kind === 'back-ref') return `${at}: unexpected back-reference (tagged ${t.t})`;
  if (t.t === 'null') return node.kind === 'null' ? null : `${at}: expected null`;
  if (t.t === 'bool') return node.value === t.v ? null : `${at}: ${String(node.value)} !== ${String(t.v)}`;
  if (INTS.has(t.t)) return String(node.value) === t.v ? null : `${at}: ${String(node.value)} !== ${String(t.v)}`;
  if (FLOATS.has(t.t)) {
    const want = parseFloatRepr(t.v as string);
    const got = typeof node.value === 'number' ? node.value : parseFloatRepr(String(node.value));
    if (Number.isNaN(want)) return Number.isNaN(got) ? null : `${at}: expected NaN`;
    const tolerance = t.t === 'float64' ? 0 : Math.abs(want) * 1e-2;
    return Math.abs(got - want) <= tolerance ? null : `${at}: ${got} !== ${want}`;
  }
  if (t.t === 'string') return node.value === t.v ? null : `${at}: ${JSON.stringify(node.value)} !== ${JSON.stringify(t.v)}`;
  if (t.t === 'binary' || t.t.endsWith('_array')) {
    if (node.kind !== 'binary' && node.kind !== 'buffer') return `${at}: expected binary/array`;
    const count = t.t === 'binary' ? (t.v as string).length / 2 : (t.v as unknown[]).length;
    if (node.size !== undefined && node.size !== count) return `${at}: ${node.size} elements, expected ${count}`;
    if (t.t === 'binary' && node.kind === 'binary' && !node.preview.startsWith((t.v as string).slice(0, 32).toLowerCase())) return `${at}: preview ${node.preview}, bytes ${t.v}`;
    return null;
  }
  if (t.t === 'list' || t.t === 'set') {
    if (node.kind !== t.t) return `${at}: expected ${t.t}`;
    const items = t.v as T[];
    const children = node.children ?? [];
    if (children.length !== items.length) return `${at}: ${children.length} elements, expected ${items.length}`;
    // Set order is the writer's hash order: compare lists element by element, sets by size.
    if (t.t === 'list') {
      for (let i = 0; i < items.length; i++) {
        const m = mismatch(children[i]!, items[i]!, anchors);
        if (m) return m;
      }
    }
    return null;
  }
  if (t.t === 'map') {
    if (node.kind !== 'map') return `${at}: expected map`;
    const pairs = t.v as [T, T][];
    const entries = node.children ?? [];
    if (entries.length !== pairs.length) return `${at}: ${entries.length} entries, expected ${pairs.length}`;
    for (let i = 0; i < pairs.length; i++) {
      const [k, v] = entries[i]!.children!;
      const m = mismatch(k!, pairs[i]![0], anchors) ?? mismatch(v!, pairs[i]![1], anchors);
      if (m) return m;
    }
    return null;
  }
  if (t.t === 'struct') {
    if (node.kind !== 'struct') return `${at}: expected struct ${t.type}${node.note ? ` (${node.note})` : ''}`;
    for (const [name, ft] of Object.entries(t.fields as Record<string, T>)) {
      const c = node.children?.find((x) => x.label === name);
      if (!c) return `${at}: no field ${name} (fields: ${node.children?.map((x) => x.label).join(', ')})`;
      const m = mismatch(c, ft, anchors);
      if (m) return m;
    }
    return null;
  }
  if (t.t === 'enum') {
    if (node.kind !== 'enum') return `${at}: expected enum`;
    if (t.ordinal !== undefined && node.value !== t.ordinal) return `${at}: ordinal ${String(node.value)} !== ${String(t.ordinal)}`;
    // With the enum's schema the preview names the value.
    if (!node.preview.startsWith('#') && !node.preview.startsWith(`${t.v as string} `)) return `${at}: ${node.preview}, expected ${t.v as string}`;
    return null;
  }
  if (t.t === 'union') {
    if (node.kind !== 'union') return `${at}: expected union`;
    if (node.value !== t.case) return `${at}: case ${String(node.value)} !== ${String(t.case)}`;
    return mismatch(node.children![0]!, t.v as T, anchors);
  }
  if (t.t === 'ext') return node.kind === 'ext' ? null : `${at}: expected ext`;
  if (t.t === 'timestamp' || t.t === 'date' || t.t === 'duration' || t.t === 'decimal') {
    return node.kind === 'scalar' && node.type === t.t ? null : `${at}: expected ${t.t}`;
  }
  return `${at}: unhandled tagged type ${t.t}`;
}
