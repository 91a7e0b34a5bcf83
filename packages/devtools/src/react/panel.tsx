/**
 * `<FerryPanel />`: the embeddable devtools panel. Payloads come from the live capture feed
 * (BroadcastChannel and/or the capture server's SSE endpoint), from pasted hex/base64 and from
 * dropped files; each is inspected on first view and shown as a tree synchronized with a hex view,
 * a size breakdown, and a diff against another payload.
 */
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { DEFAULT_CAPTURE_CHANNEL, subscribeBroadcast, subscribeCaptureServer } from '../capture/subscribe.js';
import { defaultInspect } from './default-inspect.js';
import { Details } from './details.js';
import { DiffView } from './diff-view.js';
import { entryFromCapture, localEntry, type InspectFn, type PayloadEntry } from './entries.js';
import { formatBytes } from './format.js';
import { HexView } from './hex-view.js';
import { Inputs } from './inputs.js';
import { InspectionCache, type Inspection } from './inspection.js';
import { SizeView } from './size-view.js';
import { injectStyles } from './styles.js';
import { initialExpansion } from './tree-index.js';
import { TreeView, type TreeViewHandle } from './tree-view.js';

export interface FerryPanelProps {
  /** SSE endpoint of `startCaptureServer()` (its `capturesUrl`), e.g. `http://127.0.0.1:4319/captures`. */
  captureUrl?: string;
  /** BroadcastChannel to listen on (`broadcastCapture(name)` publishes there). Default 'ferry-devtools'; `false`: none. */
  channel?: string | false;
  /** Inspect with this function instead of the package's `inspect` (e.g. to pass schemas). Read on mount. */
  inspect?: InspectFn;
  /**
   * Creates a Web Worker running `@ferry/devtools/worker`, to inspect off the main thread (large
   * payloads then never block the page for the inspector's run). Ignored when `inspect` is given.
   * With vite: `import InspectWorker from '@ferry/devtools/worker?worker'` → `() => new InspectWorker()`.
   */
  inspectWorker?: () => Worker;
  /** Payloads listed from the start. */
  payloads?: ReadonlyArray<{ title: string; bytes: Uint8Array; buffers?: readonly Uint8Array[] }>;
  /** Most payloads kept in the list (oldest dropped first). Default 200. */
  maxEntries?: number;
  className?: string;
  style?: CSSProperties;
  /** Shows a close button in the toolbar (used by `<FerryDevtools />`). */
  onClose?: () => void;
}

type Tab = 'tree' | 'size' | 'diff';

interface ViewState {
  /** The entry this view is of (a view of the previous entry is never shown for a new one). */
  readonly entry: PayloadEntry;
  readonly inspection: Inspection;
  readonly expanded: Uint8Array;
}

export function FerryPanel(props: FerryPanelProps) {
  const maxEntries = props.maxEntries ?? 200;
  // `inspect` and `inspectWorker` are read once, on mount (inline functions must not re-inspect everything).
  const [cache] = useState(() => new InspectionCache(props.inspect ?? defaultInspect, props.inspect ? undefined : props.inspectWorker));
  useEffect(() => () => cache.dispose(), [cache]);
  const [entries, setEntries] = useState<PayloadEntry[]>(() => (props.payloads ?? []).map((p) => localEntry(p.title, 'file', p.bytes, p.buffers)));
  const [current, setCurrent] = useState<number | undefined>(() => entries[0]?.key);
  const [paused, setPaused] = useState(false);
  const [feedError, setFeedError] = useState<string | undefined>();
  const [tab, setTab] = useState<Tab>('tree');
  const [diffPair, setDiffPair] = useState<{ before?: number; after?: number }>({});

  useLayoutEffect(() => injectStyles(document), []);

  const addEntry = useCallback(
    (entry: PayloadEntry, select: boolean) => {
      setEntries((list) => [entry, ...list].slice(0, maxEntries));
      if (select) setCurrent(entry.key);
      else setCurrent((c) => c ?? entry.key);
    },
    [maxEntries],
  );

  // The live feed. A paused panel drops what arrives (the capture server keeps a history to reconnect to).
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  useEffect(() => {
    const onCapture = (capture: Parameters<typeof entryFromCapture>[0]) => {
      if (pausedRef.current) return;
      try {
        addEntry(entryFromCapture(capture), false);
        setFeedError(undefined);
      } catch (error) {
        setFeedError((error as Error).message);
      }
    };
    const onError = (error: Error) => setFeedError(error.message);
    const stops: Array<() => void> = [];
    const channel = props.channel === undefined ? DEFAULT_CAPTURE_CHANNEL : props.channel;
    if (channel !== false && typeof BroadcastChannel !== 'undefined') stops.push(subscribeBroadcast(channel, onCapture, onError));
    if (props.captureUrl) stops.push(subscribeCaptureServer(props.captureUrl, onCapture, onError));
    return () => stops.forEach((stop) => stop());
  }, [props.channel, props.captureUrl, addEntry]);

  const entry = entries.find((e) => e.key === current);
  const inspectionOf = useCallback((e: PayloadEntry) => cache.get(e), [cache]);

  // Inspect off the event that selected the entry, so "Inspecting…" is shown first.
  const [view, setView] = useState<ViewState | undefined>();
  useEffect(() => {
    if (!entry) return setView(undefined);
    const signal = { cancelled: false };
    void cache.getAsync(entry, signal).then((inspection) => {
      if (!inspection || signal.cancelled) return;
      setView({ entry, inspection, expanded: inspection.index ? initialExpansion(inspection.index) : new Uint8Array(0) });
    });
    return () => {
      signal.cancelled = true;
    };
  }, [entry, cache]);

  return (
    <div className={`fdt-root ${props.className ?? ''}`} style={{ height: '100%', ...props.style }} data-testid="ferry-panel">
      <div className="fdt-bar">
        <span className="fdt-title">Ferry devtools</span>
        {(['tree', 'size', 'diff'] as const).map((t) => (
          <button key={t} aria-pressed={tab === t} onClick={() => setTab(t)}>
            {t === 'tree' ? 'Tree' : t === 'size' ? 'Size' : 'Diff'}
          </button>
        ))}
        <button aria-pressed={paused} onClick={() => setPaused((p) => !p)} title="Stop adding live captures">
          {paused ? 'Paused' : 'Live'}
        </button>
        <button onClick={() => setEntries([])}>Clear</button>
        {feedError ? <span className="fdt-error" role="status">{feedError}</span> : null}
        {props.onClose ? (
          <button style={{ marginLeft: 'auto' }} onClick={props.onClose} aria-label="Close Ferry devtools">
            ✕
          </button>
        ) : null}
      </div>
      <div className="fdt-body">
        <div className="fdt-side">
          <Inputs onEntry={(e) => addEntry(e, true)} />
          <div className="fdt-list" role="listbox" aria-label="Payloads" data-testid="entries">
            {entries.length === 0 ? <div className="fdt-empty">No payloads yet: paste one, drop a file, or send traffic through a capture hook.</div> : null}
            {entries.map((e) => (
              <div
                key={e.key}
                className="fdt-entry"
                role="option"
                aria-selected={e.key === current}
                data-entry={e.key}
                data-source={e.source}
                onClick={() => setCurrent(e.key)}
                title={`${e.source}${e.direction ? ` ${e.direction}` : ''} · ${new Date(e.time).toLocaleTimeString()}`}
              >
                <span className="fdt-badge">{e.direction === 'encode' ? '↑' : e.direction === 'decode' ? '↓' : '•'} {e.source}</span>
                <span className="fdt-etitle">{e.title}</span>
                <span className="fdt-dim">{formatBytes(e.bytes.length)}</span>
              </div>
            ))}
          </div>
        </div>
        <div className="fdt-main">
          {tab === 'diff' ? (
            <DiffView
              entries={entries}
              before={diffPair.before ?? entries[1]?.key}
              after={diffPair.after ?? entries[0]?.key}
              inspectionOf={inspectionOf}
              onPick={(side, key) => setDiffPair((p) => ({ ...p, [side]: key }))}
            />
          ) : entry && view?.entry === entry ? (
            <Inspector key={entry.key} entry={entry} view={view} tab={tab} />
          ) : entry ? (
            <div className="fdt-empty" role="status">
              Inspecting {formatBytes(entry.bytes.length)}…
            </div>
          ) : (
            <div className="fdt-empty">Select a payload.</div>
          )}
        </div>
      </div>
    </div>
  );
}

/** Tree (or size breakdown) + hex view + details of one inspected payload. */
function Inspector({ entry, view, tab }: { entry: PayloadEntry; view: ViewState; tab: Exclude<Tab, 'diff'> }) {
  const { result, index } = view.inspection;
  const expanded = view.expanded;
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState(0);
  const [sizeFocus, setSizeFocus] = useState(0);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [matchAt, setMatchAt] = useState(-1);
  const tree = useRef<TreeViewHandle>(null);
  const pendingScroll = useRef<number | undefined>(undefined);

  const rows = useMemo(() => (index ? index.visibleRows(expanded) : new Int32Array(0)), [index, expanded, version]);
  const matches = useMemo(() => (index ? index.search(deferredQuery) : new Int32Array(0)), [index, deferredQuery]);
  const bump = () => setVersion((v) => v + 1);

  // Scroll after the rows that contain the node have rendered.
  useEffect(() => {
    if (pendingScroll.current !== undefined) {
      tree.current?.scrollToNode(pendingScroll.current);
      pendingScroll.current = undefined;
    }
  }, [rows, selected]);

  const select = useCallback(
    (node: number, reveal = false) => {
      if (!index) return;
      if (reveal && index.reveal(node, expanded)) bump();
      setSelected(node);
      pendingScroll.current = node;
    },
    [index, expanded],
  );

  if (!index) {
    return (
      <div className="fdt-pane">
        <ErrorBanner result={result} />
        <HexView bytes={entry.bytes} errorOffset={result.error?.offset} onByteClick={() => undefined} />
      </div>
    );
  }

  const toggle = (node: number) => {
    expanded[node] = expanded[node] ? 0 : 1;
    bump();
  };
  const setAll = (open: boolean, from = 0, to = index.size) => {
    expanded.fill(open ? 1 : 0, from, to);
    if (!open) expanded[0] = 1; // the root stays open
    bump();
  };
  const gotoMatch = (step: number) => {
    if (matches.length === 0) return;
    const next = (((matchAt + step) % matches.length) + matches.length) % matches.length;
    setMatchAt(next);
    select(matches[next]!, true);
  };

  const node = index.nodes[selected]!;
  return (
    <>
      <ErrorBanner result={result} />
      <div className="fdt-bar">
        <input
          type="search"
          style={{ width: 220 }}
          aria-label="Search the tree"
          placeholder="Search labels, values, types…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setMatchAt(-1);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') gotoMatch(e.shiftKey ? -1 : 1);
          }}
        />
        <span className="fdt-dim" data-testid="match-count">
          {deferredQuery.trim() ? `${matchAt >= 0 ? `${matchAt + 1}/` : ''}${matches.length} ${matches.length === 1 ? 'match' : 'matches'}` : ''}
        </span>
        <button onClick={() => gotoMatch(-1)} disabled={matches.length === 0} aria-label="Previous match">
          ↑
        </button>
        <button onClick={() => gotoMatch(1)} disabled={matches.length === 0} aria-label="Next match">
          ↓
        </button>
        <button onClick={() => setAll(true)}>Expand all</button>
        <button onClick={() => setAll(false)}>Collapse all</button>
        <span className="fdt-dim" data-testid="stats">
          {result.nodeCount} nodes · {formatBytes(result.byteLength)}
          {entry.buffers.length > 0 ? ` + ${entry.buffers.length} buffers` : ''} · inspected in {view.inspection.inspectMs.toFixed(0)} ms
          {view.inspection.inWorker ? ' (worker)' : ''}
        </span>
      </div>
      <div className="fdt-split">
        <div className="fdt-pane" style={{ flex: 3 }}>
          {tab === 'tree' ? (
            <TreeView
              ref={tree}
              index={index}
              rows={rows}
              expanded={expanded}
              selected={selected}
              query={deferredQuery.trim()}
              onSelect={(n) => select(n)}
              onToggle={toggle}
              onExpandSubtree={(n) => setAll(true, n, index.subtreeEnd[n]!)}
            />
          ) : (
            <SizeView
              index={index}
              result={result}
              focus={sizeFocus}
              onFocus={(n) => {
                setSizeFocus(index.hasChildren(n) ? n : index.parent[n]! < 0 ? 0 : index.parent[n]!);
                select(n, true);
              }}
            />
          )}
          <Details index={index} node={selected} onSelect={(n) => select(n, true)} />
        </div>
        <div className="fdt-pane" style={{ flex: '0 0 auto', width: 580 }}>
          <HexView
            bytes={entry.bytes}
            range={{ start: node.start, end: node.end }}
            errorOffset={result.error?.offset}
            onByteClick={(offset) => {
              const hit = index.deepestAt(offset);
              if (hit >= 0) select(hit, true);
            }}
          />
        </div>
      </div>
    </>
  );
}

function ErrorBanner({ result }: { result: { error?: { message: string; name: string; code?: string; offset: number; path?: string } } }) {
  if (!result.error) return null;
  const e = result.error;
  return (
    <div className="fdt-error" role="alert" data-testid="inspect-error">
      {e.name}
      {e.code ? ` ${e.code}` : ''} at byte {e.offset}
      {e.path ? ` (${e.path})` : ''}: {e.message}
    </div>
  );
}

