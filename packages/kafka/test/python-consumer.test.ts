// Cross-language: a Python consumer (pyfory 1.7.7 + kafka-python from PyPI, test/python/ferry_consume.py)
// reads records a FerryProducer wrote — plain, with header-placed buffers, and with a companion blob —
// implementing the README's record layout on its own.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fory } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryProducer, createFerrySerde } from '../src/index.js';
import { client, startKafka, unique, type RunningKafka } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
let kafka: RunningKafka;
let python: string;

beforeAll(async () => {
  // Installs (once, cached under .cache/kafka/venv) the pinned pyfory + kafka-python.
  python = execFileSync('bash', [join(repo, 'scripts/kafka/python-setup.sh')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  kafka = await startKafka();
}, 300_000);

afterAll(async () => {
  await kafka?.stop();
});

function runPython(topic: string, count: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, [join(here, 'python/ferry_consume.py'), kafka.brokers[0]!, topic, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python consumer exited ${code}:\n${out}\n${err}`));
      else resolvePromise(out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}

describe('a Python consumer reads Ferry records', () => {
  it('plain, header-placed and companion-topic buffers', async () => {
    const topic = unique('py');
    // pyfory treats only binary values as buffer objects (Java: dense arrays too): a topic read from
    // Python is written with bufferObjects: 'binary' (see @ferry/core "Out-of-band buffers").
    const serde = createFerrySerde(new Fory({ bufferObjects: 'binary' }), { outOfBand: 1024 });
    const producer = new FerryProducer(client(kafka), { serde });
    await producer.connect();
    const samples = Float64Array.from({ length: 1000 }, (_, i) => i / 4);
    await producer.send({
      topic,
      messages: [
        { key: 'plain', value: { name: 'plain', n: 1 } },
        { key: 'headers', value: { name: 'headers', samples, raw: new Uint8Array(2000).fill(3) } },
        { key: 'companion', value: { name: 'companion', raw: new Uint8Array(300 * 1024).fill(2) } },
      ],
    });
    await producer.disconnect();

    const lines = await runPython(topic, 3);
    expect(lines.map((l) => l.key)).toEqual(['plain', 'headers', 'companion']);
    // Written with a buffer callback: layout headers with 0 slots (the payload's out-of-band bit is set).
    expect(lines[0]).toMatchObject({ slots: 0, value: { name: 'plain', n: 1 } });
    expect(lines[1]).toMatchObject({
      slots: 1,
      value: {
        name: 'headers',
        samples: { len: 1000, sum: (999 * 1000) / 8, last: 999 / 4 },
        raw: { bytes: 2000, sum: 6000 },
      },
    });
    expect(lines[2]).toMatchObject({ slots: 1, value: { name: 'companion', raw: { bytes: 300 * 1024, sum: 600 * 1024 } } });
  }, 120_000);
});
