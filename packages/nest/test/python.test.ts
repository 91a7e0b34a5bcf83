/**
 * Cross-language over HTTP: a pyfory client (the repo's peer venv, installed by peers/setup.sh)
 * posts an example.Person as application/fory to the Nest app and decodes the Person it answers,
 * on both adapters. The interpreter can be overridden with FERRY_PEER_PYTHON, as for core's peers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemType } from '../src/index.js';
import { ADAPTERS, HttpAppModule, startApp } from './fixtures/http-app.js';
import { clientFory } from './fixtures/schemas.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const python = process.env['FERRY_PEER_PYTHON'] || join(repoRoot, '.cache/peers/venv/bin/python');
const script = join(here, 'python/person_client.py');
const run = promisify(execFile);

interface PythonReport {
  status: number;
  contentType: string;
  vary: string;
  type: string;
  name: string;
  age: number;
  requestHex: string;
  unregistered: { status: number; contentType: string; body: Record<string, unknown> };
}

describe.each(ADAPTERS)('pyfory client ⇄ Nest on %s', (kind) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    if (!existsSync(python)) throw new Error(`pyfory venv not found at ${python}: run "npm run peers:setup" (peers/setup.sh)`);
    ({ app, url } = await startApp(kind, HttpAppModule));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('posts a Person as Fory and decodes the Fory answer', async () => {
    const { stdout } = await run(python, [script, url], { timeout: 60_000 });
    const report = JSON.parse(stdout.trim()) as PythonReport;
    expect(report).toMatchObject({
      status: 200,
      contentType: 'application/fory',
      type: 'Person',
      name: 'Ada Lovelace',
      age: 37,
    });
    expect(report.vary).toMatch(/\bAccept\b/i);
    // What Python sent is what Ferry reads as the same registered struct.
    const sent = clientFory().deserialize<object>(Buffer.from(report.requestHex, 'hex'));
    expect(sent.constructor.name).toBe('Person');
    expect({ ...sent }).toEqual({ name: 'Ada Lovelace', age: 36 });
    // A type only Python registered: 400 with a JSON problem body naming it.
    expect(report.unregistered.status).toBe(400);
    expect(report.unregistered.contentType).toMatch(/^application\/json/);
    expect(report.unregistered.body).toMatchObject({
      type: ProblemType.unregisteredType,
      code: 'TYPE_NOT_REGISTERED',
      typeName: 'example.Unregistered',
    });
  });
});
