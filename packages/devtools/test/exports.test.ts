/** The panel's and the capture server's subpath exports load from the built package, as ESM and as CommonJS. */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);

it('@ferry/devtools/react, /server and /worker load as ESM and CommonJS', async () => {
  for (const mod of [await import('@ferry/devtools/react'), require('@ferry/devtools/react') as typeof import('@ferry/devtools/react')]) {
    expect(typeof mod.FerryPanel).toBe('function');
    expect(typeof mod.FerryDevtools).toBe('function');
  }
  for (const mod of [await import('@ferry/devtools/server'), require('@ferry/devtools/server') as typeof import('@ferry/devtools/server')]) {
    expect(typeof mod.startCaptureServer).toBe('function');
  }
  // Outside a worker the worker module only exports its page-side helper.
  for (const mod of [await import('@ferry/devtools/worker'), require('@ferry/devtools/worker') as typeof import('@ferry/devtools/worker')]) {
    expect(typeof mod.rebuildTree).toBe('function');
  }
  const root = require('@ferry/devtools') as typeof import('@ferry/devtools');
  expect(typeof root.broadcastCapture).toBe('function');
  expect(typeof root.inspect).toBe('function');
});
