#!/usr/bin/env node
// Reads every vitest JSON report in reports/vitest/*.json and prints one final
// line: "N passed, N failed, N skipped".
// Usage: node tools/test-summary.mjs [exit code of the test command]
// Exits non-zero when the test command failed, any test failed, or no test ran.
// A suite that failed without a failing test (e.g. it could not be imported,
// or a hook threw) counts as one failure, and so does a failed test command
// that left no failing test behind (e.g. a build error).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const reportDir = join(repoRoot, 'reports', 'vitest');
const commandExit = Number(process.argv[2] ?? 0);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

const files = existsSync(reportDir)
  ? readdirSync(reportDir).filter((f) => f.endsWith('.json')).sort()
  : [];
if (files.length === 0) problems.push(`no vitest reports found in ${reportDir}`);

for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  } catch (err) {
    failed += 1;
    problems.push(`${file}: unreadable report (${err.message})`);
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    if (suite.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
      failed += 1;
      const msg = String(suite.message ?? '').split('\n')[0];
      problems.push(`${file}: suite ${suite.name} failed outside any test${msg ? `: ${msg}` : ''}`);
    }
  }
}

const noTests = passed + failed === 0;
if (noTests) problems.push('no tests ran');
if (commandExit !== 0) {
  problems.push(`test command exited with code ${commandExit}`);
  // e.g. a build failed and its tests never ran: count that as a failure.
  if (failed === 0) failed = 1;
}
for (const p of problems) console.log(`test-summary: ${p}`);

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(commandExit !== 0 || failed > 0 || noTests ? 1 : 0);
