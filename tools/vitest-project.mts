/**
 * The shared vitest configuration of every package: each package's vitest.config.ts is
 * `export default ferryVitestConfig(import.meta.url)`. The project name is the package folder name;
 * the JSON report goes to <repo>/reports/vitest/<project>.json, which tools/test-summary.mjs reads.
 */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export function ferryVitestConfig(configUrl: string): ViteUserConfig {
  const projectDir = dirname(fileURLToPath(configUrl));
  const project = basename(projectDir);
  const repoRoot = resolve(projectDir, '../..');
  return defineConfig({
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
}
