import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page is built into apps/demo/dist/web, which the gateway serves at /. No React plugin: Vite's
// built-in transform (oxc) compiles the JSX with the automatic runtime.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
});
