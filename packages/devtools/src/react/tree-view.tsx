/**
 * The type-annotated tree: virtualized rows, keyboard navigation (↑ ↓ ← → Home End Enter, `*`
 * expands the selected subtree), search matches highlighted.
 */
import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent } from 'react';
import { formatBytes, shortPreview } from './format.js';
import { highlight } from './highlight.js';
import type { TreeIndex } from './tree-index.js';
import { VirtualList, type VirtualListHandle } from './virtual-list.js';

export interface TreeViewProps {
  index: TreeIndex;
  rows: Int32Array;
  expanded: Uint8Array;
  selected: number;
  query: string;
  onSelect(node: number): void;
  onToggle(node: number): void;
  onExpandSubtree(node: number): void;
}

export interface TreeViewHandle {
  scrollToNode(node: number): void;
  focus(): void;
}

/** Row position of a node in the visible rows (binary search: rows are in pre-order). */
export function rowOf(rows: Int32Array, node: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rows[mid]!;
    if (v === node) return mid;
    if (v < node) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export const TreeView = forwardRef<TreeViewHandle, TreeViewProps>(function TreeView(props, ref) {
  const { index, rows, expanded, selected, query } = props;
  const list = useRef<VirtualListHandle>(null);
  useImperativeHandle(
    ref,
    () => ({
      scrollToNode(node: number) {
        const row = rowOf(rows, node);
        if (row >= 0) list.current?.scrollToRow(row);
      },
      focus: () => list.current?.focus(),
    }),
    [rows],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = rowOf(rows, selected);
    const move = (r: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, r))];
      if (target !== undefined) props.onSelect(target);
    };
    switch (e.key) {
      case 'ArrowDown':
        move(row < 0 ? 0 : row + 1);
        break;
      case 'ArrowUp':
        move(row < 0 ? 0 : row - 1);
        break;
      case 'PageDown':
        move(row + 20);
        break;
      case 'PageUp':
        move(row - 20);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight':
        if (selected < 0 || !index.hasChildren(selected)) return;
        if (!expanded[selected]) props.onToggle(selected);
        else props.onSelect(selected + 1); // the first child
        break;
      case 'ArrowLeft':
        if (selected < 0) return;
        if (expanded[selected] && index.hasChildren(selected)) props.onToggle(selected);
        else if (index.parent[selected]! >= 0) props.onSelect(index.parent[selected]!);
        break;
      case 'Enter':
      case ' ':
        if (selected >= 0 && index.hasChildren(selected)) props.onToggle(selected);
        break;
      case '*':
        if (selected >= 0) props.onExpandSubtree(selected);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <VirtualList
      ref={list}
      count={rows.length}
      label="Payload tree"
      role="tree"
      testId="tree"
      onKeyDown={onKeyDown}
      renderRow={(row, top) => {
        const i = rows[row]!;
        const node = index.nodes[i]!;
        const open = expanded[i] === 1;
        const parent = index.hasChildren(i);
        return (
          <div
            key={i}
            className="fdt-row"
            role="treeitem"
            aria-selected={i === selected}
            aria-expanded={parent ? open : undefined}
            aria-level={index.depth[i]! + 1}
            data-node={i}
            data-path={node.path}
            style={{ top, paddingLeft: 4 + index.depth[i]! * 14 }}
            onClick={() => props.onSelect(i)}
            onDoubleClick={() => parent && props.onToggle(i)}
          >
            <span
              className="fdt-tw"
              onClick={(e) => {
                e.stopPropagation();
                if (parent) props.onToggle(i);
              }}
            >
              {parent ? (open ? '▾' : '▸') : ' '}
            </span>
            <span className="fdt-label">{highlight(node.label, query)}</span>
            <span className="fdt-dim">: </span>
            <span className="fdt-type">{highlight(node.type, query)}</span>
            {node.kind === 'back-ref' ? <span className="fdt-dim"> → #{node.refTarget ?? node.refId}</span> : null}{' '}
            <span className="fdt-prev">{highlight(shortPreview(node.preview), query)}</span>
            <span className="fdt-size">{formatBytes(node.end - node.start)}</span>
          </div>
        );
      }}
    />
  );
});
