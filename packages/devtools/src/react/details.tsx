/** The selected node: every fact the inspector has about it, and "copy value" / "copy path". */
import { useState } from 'react';
import type { InspectNode } from '../inspector/types.js';
import type { TreeIndex } from './tree-index.js';

/** Most nodes put into one "copy value" of a container (the rest is elided). */
const COPY_NODE_LIMIT = 100_000;

/**
 * A value as text: scalars as their value, containers as JSON built from their children's values
 * (structs and string-keyed maps as objects, lists/sets as arrays, other maps as [key, value] pairs).
 */
export function copyValue(index: TreeIndex, i: number): string {
  const node = index.nodes[i]!;
  if (!index.hasChildren(i)) return node.value !== undefined && node.value !== null ? String(node.value) : node.preview;
  let budget = COPY_NODE_LIMIT;
  const build = (n: InspectNode): unknown => {
    if (--budget < 0) return '…';
    const children = n.children ?? [];
    if (children.length === 0) return n.value !== undefined ? n.value : n.preview;
    switch (n.kind) {
      case 'struct':
        return Object.fromEntries(children.map((c) => [c.label, build(c)]));
      case 'map': {
        const entries = children.map((e) => (e.children ?? []).map(build));
        const stringKeys = entries.every((kv) => typeof kv[0] === 'string');
        return stringKeys ? Object.fromEntries(entries.map((kv) => [kv[0] as string, kv[1]])) : entries;
      }
      default:
        return children.map(build);
    }
  };
  return JSON.stringify(build(node), null, 2);
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Insecure origins and some embedders have no async clipboard: fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function Details({ index, node, onSelect }: { index: TreeIndex; node: number; onSelect(node: number): void }) {
  const [copied, setCopied] = useState<string | undefined>();
  const n = index.nodes[node];
  if (!n) return null;
  const copy = (what: string, text: string) =>
    void writeClipboard(text).then(() => {
      setCopied(what);
      setTimeout(() => setCopied(undefined), 1500);
    });
  const facts: Array<[string, string]> = [
    ['path', n.path],
    ['type', n.type],
    ['kind', n.kind],
    ['bytes', `[${n.start}, ${n.end}) · ${n.end - n.start} bytes`],
  ];
  if (n.wireType) facts.push(['wire type', `${n.wireType.name} (${n.wireType.id})${n.wireType.typeName ? ` ${n.wireType.namespace ? `${n.wireType.namespace}.` : ''}${n.wireType.typeName}` : ''}${n.wireType.userId !== undefined ? ` #${n.wireType.userId}` : ''}`]);
  if (n.declaredType) facts.push(['declared', n.declaredType]);
  if (n.refFlag) facts.push(['ref flag', `${n.refFlag}${n.refId !== undefined ? ` (ref id ${n.refId})` : ''}`]);
  if (n.stringEncoding) facts.push(['encoding', n.stringEncoding]);
  if (n.mapChunk) facts.push(['map chunk', `#${n.mapChunk.index} [${n.mapChunk.start}, ${n.mapChunk.end}) size ${n.mapChunk.size} header 0x${n.mapChunk.header.toString(16)}`]);
  if (n.buffer) facts.push(['buffer', `slot ${n.buffer.slot} ${n.buffer.inBand ? 'in-band' : 'out-of-band'}${n.buffer.byteLength !== undefined ? ` ${n.buffer.byteLength} bytes` : ''}${n.buffer.resolved ? '' : ' (not supplied)'}`]);
  if (n.note) facts.push(['note', n.note]);
  const target = n.refTarget !== undefined ? index.byId(n.refTarget) : undefined;
  return (
    <div className="fdt-details" data-testid="details">
      <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        <b className="fdt-label">{n.label}</b>
        <button onClick={() => copy('value', copyValue(index, node))}>Copy value</button>
        <button onClick={() => copy('path', n.path)}>Copy path</button>
        {target !== undefined ? <button onClick={() => onSelect(target)}>Go to referenced value</button> : null}
        {copied ? <span className="fdt-dim" role="status">copied {copied}</span> : null}
      </div>
      <dl>
        {facts.map(([k, v]) => [<dt key={`${k}:t`}>{k}</dt>, <dd key={`${k}:d`}>{v}</dd>])}
        <dt>value</dt>
        <dd className="fdt-prev" data-testid="details-preview">{n.preview.length > 2000 ? `${n.preview.slice(0, 2000)}…` : n.preview}</dd>
      </dl>
    </div>
  );
}
