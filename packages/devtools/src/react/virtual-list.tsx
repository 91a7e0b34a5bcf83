/**
 * Fixed-row-height windowing: only the rows in view (plus a small margin) are in the DOM. Lists
 * taller than browsers allow an element to be (~16.7–33 M px) are scaled: the scrollbar covers
 * `MAX_SCROLL_HEIGHT` and scroll positions map linearly onto rows.
 */
import { forwardRef, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ROW_HEIGHT } from './styles.js';

const MAX_SCROLL_HEIGHT = 8_000_000;
const OVERSCAN = 8;

export interface VirtualListHandle {
  /** Scroll so that `row` is in view (centred when it was not). */
  scrollToRow(row: number): void;
  focus(): void;
}

export interface VirtualListProps {
  count: number;
  renderRow(row: number, top: number): ReactNode;
  className?: string;
  onKeyDown?(event: KeyboardEvent<HTMLDivElement>): void;
  label: string;
  role?: 'listbox' | 'tree' | 'grid' | 'list';
  testId?: string;
}

export const VirtualList = forwardRef<VirtualListHandle, VirtualListProps>(function VirtualList(props, ref) {
  const { count, renderRow } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);

  const total = count * ROW_HEIGHT;
  const height = Math.min(total, MAX_SCROLL_HEIGHT);
  // virtualTop = scrollTop * ratio: 1 unless the list is scaled.
  const ratio = height > viewHeight && total > height ? (total - viewHeight) / (height - viewHeight) : 1;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setViewHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scrollToRow = useCallback(
    (row: number) => {
      const el = scroller.current;
      if (!el) return;
      const virtualTop = el.scrollTop * ratio;
      const rowTop = row * ROW_HEIGHT;
      if (rowTop >= virtualTop && rowTop + ROW_HEIGHT <= virtualTop + el.clientHeight) return;
      const target = Math.max(0, rowTop - el.clientHeight / 2) / ratio;
      el.scrollTop = target;
      setScrollTop(el.scrollTop);
    },
    [ratio],
  );
  useImperativeHandle(ref, () => ({ scrollToRow, focus: () => scroller.current?.focus() }), [scrollToRow]);

  const virtualTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((virtualTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let row = first; row < last; row++) rows.push(renderRow(row, scrollTop + row * ROW_HEIGHT - virtualTop));

  return (
    <div
      ref={scroller}
      className={`fdt-scroll ${props.className ?? ''}`}
      tabIndex={0}
      role={props.role ?? 'listbox'}
      aria-label={props.label}
      data-testid={props.testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={props.onKeyDown}
    >
      <div style={{ height, position: 'relative' }}>{rows}</div>
    </div>
  );
});
