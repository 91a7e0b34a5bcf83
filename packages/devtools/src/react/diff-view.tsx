/** The diff of two payloads of the list, by node path (see diff.ts). */
import { useMemo } from 'react';
import { diffTrees } from './diff.js';
import type { PayloadEntry } from './entries.js';
import { shortPreview } from './format.js';
import type { Inspection } from './inspection.js';
import { VirtualList } from './virtual-list.js';

export interface DiffViewProps {
  entries: readonly PayloadEntry[];
  before: number | undefined;
  after: number | undefined;
  inspectionOf(entry: PayloadEntry): Inspection;
  onPick(side: 'before' | 'after', key: number): void;
}

const SIGN = { added: '+', removed: '−', changed: '~' } as const;

export function DiffView({ entries, before, after, inspectionOf, onPick }: DiffViewProps) {
  const a = entries.find((e) => e.key === before);
  const b = entries.find((e) => e.key === after);
  const rows = useMemo(() => {
    if (!a || !b) return undefined;
    const ra = inspectionOf(a).result.root;
    const rb = inspectionOf(b).result.root;
    return ra && rb ? diffTrees(ra, rb) : undefined;
  }, [a, b, inspectionOf]);

  const picker = (side: 'before' | 'after', value: number | undefined) => (
    <select aria-label={`Diff ${side}`} value={value ?? ''} onChange={(e) => onPick(side, Number(e.target.value))}>
      <option value="" disabled>
        choose…
      </option>
      {entries.map((e) => (
        <option key={e.key} value={e.key}>
          #{e.key} {e.title}
        </option>
      ))}
    </select>
  );

  return (
    <div className="fdt-pane" data-testid="diff-view">
      <div className="fdt-bar">
        {picker('before', before)}
        <span className="fdt-dim">→</span>
        {picker('after', after)}
        {rows ? <span className="fdt-dim" data-testid="diff-summary">{rows.length === 0 ? 'identical trees' : `${rows.length} differences`}</span> : null}
      </div>
      {rows === undefined ? (
        <div className="fdt-empty">Choose two payloads to compare (both must decode).</div>
      ) : (
        <VirtualList
          count={rows.length}
          label="Differences"
          renderRow={(r, top) => {
            const row = rows[r]!;
            return (
              <div key={r} className={`fdt-row fdt-diff-${row.kind}`} role="option" aria-selected={false} data-diff={row.kind} style={{ top, paddingLeft: 6 }}>
                <span>{SIGN[row.kind]} </span>
                <span className="fdt-label">{row.path}</span>
                <span className="fdt-dim">  </span>
                {row.before ? <span className="fdt-prev">{`${row.before.type} ${shortPreview(row.before.preview)}`}</span> : null}
                {row.before && row.after ? <span className="fdt-dim"> → </span> : null}
                {row.after ? <span className="fdt-prev">{`${row.after.type} ${shortPreview(row.after.preview)}`}</span> : null}
              </div>
            );
          }}
        />
      )}
    </div>
  );
}
