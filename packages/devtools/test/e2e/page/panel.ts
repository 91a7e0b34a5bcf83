// The embeddable panel, full page. ?capture=<SSE url> subscribes to a capture server; the
// BroadcastChannel is ?channel= (default 'ferry-devtools').
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { FerryPanel } from '@ferry/devtools/react';

const params = new URLSearchParams(location.search);
const captureUrl = params.get('capture');
createRoot(document.getElementById('root')!).render(
  createElement(FerryPanel, { channel: params.get('channel') ?? 'ferry-devtools', ...(captureUrl ? { captureUrl } : {}) }),
);
