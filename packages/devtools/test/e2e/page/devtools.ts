// An app page with the floating devtools: the toggle opens the docked panel.
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { FerryDevtools } from '@ferry/devtools/react';

const params = new URLSearchParams(location.search);
const captureUrl = params.get('capture');
createRoot(document.getElementById('root')!).render(
  h(
    'main',
    null,
    h('h1', null, 'People admin'),
    h('p', null, 'A page of your app. The Ferry devtools button sits in the corner.'),
    h(FerryDevtools, { channel: params.get('channel') ?? 'ferry-devtools', ...(captureUrl ? { captureUrl } : {}) }),
  ),
);
