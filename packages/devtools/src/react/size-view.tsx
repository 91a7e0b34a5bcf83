/**
 * Size breakdown: the bytes of a node's subtree per child, largest first, with the node's own
 * bytes (ref flag, type info, lengths, chunk headers). At the root also the payload header and the
 * type definitions of compatible structs. Click a row to descend; the breadcrumb goes back up.
 */
import { useMemo } from 'react';
import type { InspectResult } from '../inspector/types.js';
import { formatBytes } from './format.js';
import type { TreeIndex } from './tree-index.js';
import { VirtualList } from './virtual-list.js';

export interface SizeRow {
  /** Node index, or -1 for the rows that are not nodes (header, own bytes, type definitions). */
  readonly node: number;
  readonly name: string;
  readonly type: string;
  readonly bytes: number;
}

/** The rows for `focus`: its children by size (descending), then what the node spends itself. */
export function sizeRows(index: TreeIndex, result: InspectResult, focus: number): SizeRow[] {
  const rows: SizeRow[] = [];
  let childBytes = 0;
  for (let c = focus + 1; c < index.subtreeEnd[focus]!; c = index.subtreeEnd[c]!) {
    const node = index.nodes[c]!;
    rows.push({ node: c, name: node.label, type: node.type, bytes: node.end - node.start });
    childBytes += node.end - node.start;
  }
  rows.sort((a, b) => b.bytes - a.bytes);
  const self = index.nodes[focus]!;
  rows.push({ node: -1, name: '(own bytes)', type: 'ref flag, type info, lengths, headers', bytes: self.end - self.start - childBytes });
  if (focus === 0) {
    if (result.header) rows.push({ node: -1, name: '(header)', type: 'payload header', bytes: result.header.end - result.header.start });
    // Compatible-mode TypeDefs sit inline, inside the nodes that first use them (counted there);
    // only those outside the root's range get their own row.
    const outside = result.typeDefs.filter((d) => d.end <= self.start || d.start >= self.end);
    const typeDefBytes = outside.reduce((sum, d) => sum + (d.end - d.start), 0);
    if (typeDefBytes > 0) rows.push({ node: -1, name: '(type definitions)', type: `${outside.length} TypeDefs`, bytes: typeDefBytes });
    const counted = rows.reduce((sum, r) => sum + r.bytes, 0);
    if (counted < result.byteLength) rows.push({ node: -1, name: '(other)', type: 'bytes outside the tree (meta, trailing bytes)', bytes: result.byteLength - counted });
  }
  return rows;
}

export interface SizeViewProps {
  index: TreeIndex;
  result: InspectResult;
  focus: number;
  onFocus(node: number): void;
}

export function SizeView({ index, result, focus, onFocus }: SizeViewProps) {
  const rows = useMemo(() => sizeRows(index, result, focus), [index, result, focus]);
  const total = focus === 0 ? result.byteLength : index.byteSize(focus);
  const largest = rows.reduce((m, r) => Math.max(m, r.bytes), 1);
  const crumbs: number[] = [];
  for (let p = focus; p >= 0; p = index.parent[p]!) crumbs.unshift(p);
  return (
    <div className="fdt-pane" data-testid="size-view">
      <div className="fdt-bar">
        {crumbs.map((c) => (
          <button key={c} onClick={() => onFocus(c)} aria-pressed={c === focus}>
            {index.nodes[c]!.label}
          </button>
        ))}
        <span className="fdt-dim">{formatBytes(total)} total</span>
      </div>
      <VirtualList
        count={rows.length}
        label="Size breakdown"
        renderRow={(r, top) => {
          const row = rows[r]!;
          const canDescend = row.node >= 0 && index.hasChildren(row.node);
          return (
            <div
              key={r}
              className="fdt-row"
              role="option"
              aria-selected={false}
              data-size-node={row.node}
              style={{ top, paddingLeft: 6, cursor: canDescend ? 'pointer' : 'default' }}
              onClick={() => row.node >= 0 && onFocus(row.node)}
            >
              <span style={{ display: 'inline-block', width: 128 }}>
                <span className="fdt-barfill" style={{ width: Math.max(1, Math.round((row.bytes / largest) * 120)) }} />
              </span>
              <span style={{ display: 'inline-block', width: 86, textAlign: 'right', marginRight: 8 }}>{formatBytes(row.bytes)}</span>
              <span className="fdt-dim" style={{ display: 'inline-block', width: 52 }}>
                {total > 0 ? `${((row.bytes / total) * 100).toFixed(1)}%` : ''}
              </span>
              <span className={row.node >= 0 ? 'fdt-label' : 'fdt-dim'}>{row.name}</span>
              <span className="fdt-dim">: </span>
              <span className="fdt-type">{row.type}</span>
              {canDescend ? <span className="fdt-dim"> ▸</span> : null}
            </div>
          );
        }}
      />
    </div>
  );
}
