/**
 * `ferry inspect`, spawned as a real process (the built dist/esm/cli.js, as the `ferry` bin runs
 * it) on real files: binary, hex and base64 input, stdin, --json, --buffers, malformed payloads
 * (exit 1, partial tree on stdout, error on stderr) and usage errors (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Fory, Type, outOfBandAbove, typed, type BufferObject } from '@ferry/core';
import * as V from '../../../peers/struct-values.mjs';
import { usePeer } from '../../core/test/xlang/peer.js';
import type { InspectResult } from '../src/index.js';
import { hexToBytes } from './helpers.js';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(pkgDir, 'dist', 'esm', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ferry-inspect-'));

function ferry(args: string[], input?: Uint8Array | string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, contents: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });
const fory = new Fory({ ref: true }).register(Person);
const shared = ['s'];
const payload = fory.serialize([typed(Person, { name: 'Zoë', age: 30 }), shared, shared, new Map<unknown, unknown>([[1, 'x'], ['k', null]])], Type.list(Type.any()));
const personList = fory.serialize([{ name: 'Zoë', age: 30 }], Type.list(Person));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ferry inspect', () => {
  it('prints an indented tree with ranges, types, wire facts and previews (exit 0)', () => {
    const path = file('people.bin', personList);
    const r = ferry(['inspect', path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${personList.length} bytes, header 0x01 xlang, compatible, 4 nodes`);
    expect(lines[1]).toMatch(/^typedef#0 example\.Person \[\d+, \d+\) struct \{ age: int32, name: string \}$/);
    expect(lines[2]).toMatch(/^\$ \[1, \d+\) #0 list<example\.Person> \[example\.Person \{age: 30, name: "Zoë"\}\] \(LIST, ref-value id=0\)$/);
    expect(lines[3]).toMatch(/^└─ \[0\] \[\d+, \d+\) #1 example\.Person example\.Person \{age: 30, name: "Zoë"\} \(NAMED_COMPATIBLE_STRUCT example\.Person typedef#0, ref-value id=1\)$/);
    expect(lines[4]).toMatch(/^   ├─ age \[\d+, \d+\) #2 int32 30$/);
    expect(lines[5]).toMatch(/^   └─ name \[\d+, \d+\) #3 string "Zoë" \(latin1\)$/);
    // No colors when stdout is not a terminal.
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('reads hex and base64 text files and stdin, with the same tree as the binary file', () => {
    const binary = ferry(['inspect', file('p.bin', payload)]);
    expect(binary.code).toBe(0);
    expect(binary.stdout).toContain('→ #');
    const hexText = Buffer.from(payload).toString('hex').replace(/(.{32})/g, '$1\n');
    for (const [args, input] of [
      [['inspect', file('p.hex', hexText)], undefined],
      [['inspect', file('p.b64', Buffer.from(payload).toString('base64'))], undefined],
      [['inspect', '--format', 'hex', file('p.txt', `0x${Buffer.from(payload).toString('hex')}`)], undefined],
      [['inspect', '-'], payload],
      [['inspect', '-', '--format=base64'], Buffer.from(payload).toString('base64url')],
    ] as const) {
      const r = ferry([...args], input);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(binary.stdout);
    }
  });

  it('--json prints the InspectResult', () => {
    const r = ferry(['inspect', file('j.bin', payload), '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as InspectResult;
    expect(result.byteLength).toBe(payload.length);
    expect(result.root!.kind).toBe('list');
    const [first, second, third, map] = result.root!.children!;
    expect(first!.type).toBe('example.Person');
    expect(second!.refFlag).toBe('ref-value');
    expect(third).toMatchObject({ kind: 'back-ref', refTarget: second!.id });
    expect(map!.children!.map((e) => e.mapChunk!.index)).toEqual([0, 1]);
  });

  it('--buffers resolves out-of-band slots', () => {
    const objects: BufferObject[] = [];
    const bytes = new Fory().serialize([new Uint8Array(64).fill(9), new Float32Array([1, 2])], { bufferCallback: (b) => (objects.push(b), outOfBandAbove(0)(b)) });
    const [b0, b1] = objects.map((o) => file(`buf${objects.indexOf(o)}.bin`, o.toBuffer()));
    const bare = ferry(['inspect', file('oob.bin', bytes)]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('out-of-band buffer #0 (not supplied)');
    expect(bare.stdout).toContain('warning: The payload has 2 out-of-band buffer(s)');
    const r = ferry(['inspect', join(dir, 'oob.bin'), '--buffers', b0!, b1!, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as InspectResult;
    expect(result.root!.children!.map((c) => c.buffer)).toEqual([
      { slot: 0, inBand: false, byteLength: 64, resolved: true },
      { slot: 1, inBand: false, byteLength: 8, resolved: true },
    ]);
  });

  it('malformed payload: partial tree on stdout, error with offset on stderr, exit 1', () => {
    const path = file('bad.bin', payload.subarray(0, payload.length - 2));
    const r = ferry(['inspect', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('incomplete: decoding stopped inside this value');
    expect(r.stdout).toContain('"Zoë"');
    expect(r.stderr).toMatch(/^error: Truncated payload: .* \(TruncatedError TRUNCATED\) at offset \d+, in \$\[3\]/);
    const json = ferry(['inspect', path, '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as InspectResult).error?.code).toBe('TRUNCATED');
    const notXlang = ferry(['inspect', file('native.bin', Uint8Array.of(0x00, 0x01))]);
    expect(notXlang.code).toBe(1);
    expect(notXlang.stderr).toContain('Not an xlang payload');
  });

  it('usage errors exit 2 with the usage text; --help exits 0', () => {
    expect(ferry(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: ferry inspect') });
    for (const args of [[], ['inspect'], ['frobnicate', 'x'], ['inspect', 'x', '--format', 'xml'], ['inspect', join(dir, 'missing.bin')], ['inspect', file('t.txt', 'not a payload!')]]) {
      const r = ferry(args);
      if (args.length === 0) {
        expect(r.code).toBe(0);
        continue;
      }
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^ferry: /);
    }
  });
});

describe('ferry inspect on a Java payload file', () => {
  const peerOf = usePeer('java');
  it('a benchmark MediaContent written by fory-core', async () => {
    await peerOf().request({ op: 'config', ref: false, compatible: true });
    const res = await peerOf().request({ op: 'write', value: V.mediaContent() });
    expect(res.ok).toBe(true);
    const path = file('media.hex', res.hex as string);
    const r = ferry(['inspect', path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/typedef#\d+ struct#5 .*struct \{ .*images: list<struct>/);
    expect(r.stdout).toMatch(/title .*"Javaone Keynote\u1234" \(utf16\)/);
    expect(readFileSync(path, 'utf8')).toBe(res.hex);
    expect(hexToBytes(res.hex as string)[0]).toBe(1);
  });

  it('--schemas decodes a schema-consistent struct that is opaque without it', async () => {
    await peerOf().request({ op: 'config', ref: false, compatible: false });
    const res = await peerOf().request({ op: 'write', value: V.personById('Ann', 41) });
    expect(res.ok).toBe(true);
    const path = file('person.hex', res.hex as string);
    const bare = ferry(['inspect', path]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/\$ \[1, \d+\) #0 struct#200 \d+ undecoded byte\(s\) \(STRUCT id=200\) — Schema-consistent struct struct#200/);
    expect(bare.stdout).toMatch(/^undecoded \[\d+, \d+\): Schema-consistent struct/m);
    const schemas = join(pkgDir, 'test', 'fixtures', 'schemas.mjs');
    const r = ferry(['inspect', path, '--schemas', schemas]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/├─ \(schema hash\) \[\d+, \d+\) #1 fixed int32 0x[0-9a-f]{8}/);
    expect(r.stdout).toMatch(/├─ age \[\d+, \d+\) #2 int32 41/);
    expect(r.stdout).toMatch(/└─ name \[\d+, \d+\) #3 string "Ann" \(latin1\)/);
    const bad = ferry(['inspect', path, '--schemas', file('none.mjs', 'export const x = 1;')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/exports no user types/);
  });
});
