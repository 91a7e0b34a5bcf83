/**
 * `<FerryDevtools />`: a floating toggle button that opens the panel docked to the bottom of the
 * page (resizable by its top edge), like React Query Devtools. Render it once near the root of a
 * development build; it takes every `<FerryPanel />` prop.
 */
import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import { FerryPanel, type FerryPanelProps } from './panel.js';
import { injectStyles } from './styles.js';

export interface FerryDevtoolsProps extends FerryPanelProps {
  /** Open on first render. Default false. */
  initialOpen?: boolean;
  /** Corner of the toggle button. Default 'bottom-right'. */
  buttonPosition?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  /** Initial height of the docked panel in px. Default 45% of the window. */
  initialHeight?: number;
}

const MIN_HEIGHT = 160;

export function FerryDevtools({ initialOpen = false, buttonPosition = 'bottom-right', initialHeight, ...panel }: FerryDevtoolsProps) {
  const [open, setOpen] = useState(initialOpen);
  const [height, setHeight] = useState(() => initialHeight ?? Math.round((typeof window === 'undefined' ? 800 : window.innerHeight) * 0.45));
  const drag = useRef<{ startY: number; startHeight: number } | undefined>(undefined);
  useLayoutEffect(() => injectStyles(document), []);

  // Escape closes the dock (when focus is inside it).
  const dock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = dock.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [open]);

  const [vertical, horizontal] = buttonPosition.split('-') as ['top' | 'bottom', 'left' | 'right'];
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const next = drag.current.startHeight + (drag.current.startY - e.clientY);
    setHeight(Math.max(MIN_HEIGHT, Math.min(window.innerHeight - 40, next)));
  };

  return (
    <>
      {open ? null : (
        <button
          className="fdt-toggle"
          style={{ [vertical]: 12, [horizontal]: 12 }}
          onClick={() => setOpen(true)}
          aria-label="Open Ferry devtools"
          data-testid="ferry-devtools-toggle"
        >
          ◆ Ferry
        </button>
      )}
      {open ? (
        <div ref={dock} className="fdt-dock" style={{ height }} role="dialog" aria-label="Ferry devtools">
          <div
            className="fdt-resize"
            onPointerDown={(e) => {
              drag.current = { startY: e.clientY, startHeight: height };
              e.currentTarget.setPointerCapture(e.pointerId);
            }}
            onPointerMove={onPointerMove}
            onPointerUp={() => (drag.current = undefined)}
          />
          <FerryPanel {...panel} style={{ flex: 1, height: 'auto', ...panel.style }} onClose={() => setOpen(false)} />
        </div>
      ) : null}
    </>
  );
}
