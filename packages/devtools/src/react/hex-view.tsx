/**
 * The in-band payload as hex, 16 bytes a row, virtualized. The selected node's byte range is
 * highlighted (and scrolled into view); clicking a byte selects the deepest node containing it.
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import { hexByte } from '../bytes/text.js';
import { VirtualList, type VirtualListHandle } from './virtual-list.js';

const PER_ROW = 16;

export interface HexViewProps {
  bytes: Uint8Array;
  /** Highlighted range `[start, end)`. */
  range?: { start: number; end: number } | undefined;
  /** Where decoding failed: shown in red. */
  errorOffset?: number | undefined;
  onByteClick(offset: number): void;
}

function ascii(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

export function HexView({ bytes, range, errorOffset, onByteClick }: HexViewProps) {
  const list = useRef<VirtualListHandle>(null);
  const rowCount = Math.ceil(bytes.length / PER_ROW);
  const start = range?.start ?? -1;
  const end = range?.end ?? -1;
  const offsetDigits = Math.max(4, (bytes.length - 1).toString(16).length);

  useEffect(() => {
    if (start >= 0) list.current?.scrollToRow(Math.floor(start / PER_ROW));
  }, [start, end]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const offset = (e.target as HTMLElement).dataset['offset'];
    if (offset !== undefined) onByteClick(Number(offset));
  };

  return (
    <div className="fdt-pane" onClick={onClick}>
      <div className="fdt-bar">
        <span className="fdt-dim">
          {bytes.length} bytes{range ? ` · selected [${start}, ${end}) = ${end - start} bytes` : ''}
        </span>
      </div>
      <VirtualList
        ref={list}
        count={rowCount}
        label="Payload bytes"
        role="grid"
        testId="hex"
        className="fdt-hex"
        renderRow={(row, top) => {
          const from = row * PER_ROW;
          const to = Math.min(bytes.length, from + PER_ROW);
          const cells = [];
          const text = [];
          for (let at = from; at < to; at++) {
            const b = bytes[at]!;
            const inRange = at >= start && at < end;
            const cls = at === errorOffset ? 'fdt-b fdt-bad' : inRange ? 'fdt-b fdt-in' : 'fdt-b';
            cells.push(
              <span key={at} className={cls} data-offset={at}>
                {hexByte(b)}
              </span>,
            );
            text.push(
              <span key={at} className={inRange ? 'fdt-in' : undefined} data-offset={at}>
                {ascii(b)}
              </span>,
            );
          }
          for (let at = to; at < from + PER_ROW; at++) cells.push(<span key={at} className="fdt-b" />); // keeps the ASCII column aligned
          return (
            <div key={row} className="fdt-row" role="row" style={{ top }}>
              <span className="fdt-off">{from.toString(16).padStart(offsetDigits, '0')}</span>
              {cells}
              <span className="fdt-asc">{text}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
