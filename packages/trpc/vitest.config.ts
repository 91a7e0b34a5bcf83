import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Generic per-package config: the project name is the package folder name, so
// this file can be copied unchanged into any packages/<name> or apps/<name>.
const projectDir = dirname(fileURLToPath(import.meta.url));
const project = basename(projectDir);
const repoRoot = resolve(projectDir, '../..');

export default defineConfig({
  test: {
    name: project,
    root: projectDir,
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: {
      json: resolve(repoRoot, 'reports/vitest', `${project}.json`),
    },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reportsDirectory: resolve(repoRoot, 'coverage', project),
    },
  },
});
