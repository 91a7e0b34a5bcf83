// The embeddable panel, full page. ?capture=<SSE url> subscribes to a capture server; the
// BroadcastChannel is ?channel= (default 'ferry-devtools'); ?worker=1 inspects in a Web Worker.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { FerryPanel } from '@ferry/devtools/react';
import InspectWorker from '@ferry/devtools/worker?worker';

const params = new URLSearchParams(location.search);
const captureUrl = params.get('capture');
createRoot(document.getElementById('root')!).render(
  createElement(FerryPanel, {
    channel: params.get('channel') ?? 'ferry-devtools',
    ...(captureUrl ? { captureUrl } : {}),
    // ?worker=1: inspect in a Web Worker (the bundled @ferry/devtools/worker).
    ...(params.get('worker') === '1' ? { inspectWorker: () => new InspectWorker() } : {}),
  }),
);
