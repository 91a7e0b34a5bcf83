/**
 * The inspector on payloads written by the real runtimes (pyfory 1.7.7 and Java fory-core 1.6.0,
 * driven through peers/client.mjs): every tree must match the peer's own description of the value
 * and satisfy the tree invariants; specific tests pin node facts (types, ranges, TypeDefs, refs,
 * string encodings, map chunks, buffer slots).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Type, TypeId } from '@ferry/core';
import * as V from '../../../peers/struct-values.mjs';
import type { Peer } from '../../../peers/client.mjs';
import { usePeer } from '../../core/test/xlang/peer.js';
import * as S from '../../core/test/xlang/schemas.js';
import { inspect, type InspectNode, type InspectResult } from '../src/index.js';
import { findByPath, hexToBytes, treeProblem, walk } from './helpers.js';
import { mismatch } from './tagged-match.js';

type Kind = 'python' | 'java';
type Mode = 'C' | 'CR' | 'S' | 'SR';
type Tagged = Parameters<typeof mismatch>[1];

const SCHEMAS = Object.values(S.userTypes(1));

interface Case {
  name: string;
  value: () => unknown;
  refOnly?: boolean;
  /** Exchanges a runtime cannot do (as in core's xlang-structs tests, peers/struct-findings.md). */
  skip?: Partial<Record<Kind, Mode[]>>;
}
const SAME: Mode[] = ['S', 'SR'];

const dynamicValue = () =>
  V.list(
    V.I('int64', 1),
    V.S('héllo'),
    V.S('中文 ✓'),
    V.F('float64', '1.5'),
    V.B(true),
    V.NULL,
    V.I('int64', '9007199254740993'),
    { t: 'binary', v: '00ff10' },
    V.map([V.S('a'), V.I('int64', 1)], [V.S('b'), V.I('int64', 2)], [V.I('int64', 3), V.S('c')], [V.S('d'), V.NULL]),
    V.set(V.S('x')),
    { t: 'timestamp', seconds: '1700000000', nanos: 5000 },
    { t: 'date', days: '19000' },
    { t: 'decimal', unscaled: '12345', scale: 2 },
    V.list(V.list(V.S('nested'))),
  );

const CASES: Case[] = [
  { name: 'dynamic list of scalars, strings, map, set, temporal, decimal', value: dynamicValue },
  { name: 'example.Person by name', value: () => V.person('Bob', 25) },
  { name: 'PersonById (id 200)', value: () => V.personById('Bob', 25) },
  { name: 'list [Person, "x", Person]', value: () => V.list(V.person('A', 1), V.S('x'), V.person('B', 2)) },
  { name: 'Scalars', value: () => V.scalars() },
  { name: 'Containers', value: () => V.containers() },
  { name: 'DenseArrays', value: () => V.denseArrays() },
  { name: 'Colored (enums)', value: () => V.colored() },
  { name: 'Nullables set', value: () => V.nullablesSet(), skip: { java: SAME } },
  { name: 'Nullables null', value: () => V.nullablesNull(), skip: { java: SAME } },
  { name: 'Poly (any fields)', value: () => V.poly() },
  { name: 'Holder (ext, union field)', value: () => V.holder(), skip: { python: SAME } },
  { name: 'union Shape case 2', value: () => V.union('208', 2, V.personById('U', 5)) },
  { name: 'TagIds', value: () => V.tagIds() },
  { name: 'Wide (64 fields)', value: () => V.wide() },
  { name: 'example.Node chain', value: () => V.nodeChain(), skip: { python: SAME } },
  { name: 'example.Node cycle', value: () => V.nodeCycle(), refOnly: true, skip: { python: SAME } },
  { name: 'benchmark NumericStruct', value: () => V.numericStruct() },
  { name: 'benchmark Sample', value: () => V.sample(), skip: { java: SAME } },
  { name: 'benchmark MediaContent', value: () => V.mediaContent() },
  { name: 'benchmark NumericStructList', value: () => V.numericStructList() },
  { name: 'benchmark SampleList', value: () => V.sampleList(), skip: { java: SAME } },
  { name: 'benchmark MediaContentList', value: () => V.mediaContentList() },
];

async function write(peer: Peer, value: unknown, oob?: unknown): Promise<{ bytes: Uint8Array; buffers: Uint8Array[] }> {
  const res = await peer.request({ op: 'write', value, ...(oob ? { oob } : {}) });
  expect(res.ok, String(res.error)).toBe(true);
  return { bytes: hexToBytes(res.hex as string), buffers: ((res.buffers as string[] | undefined) ?? []).map(hexToBytes) };
}

function expectSound(result: InspectResult): void {
  expect(result.error, JSON.stringify(result.error)).toBeUndefined();
  expect(treeProblem(result)).toBeNull();
}

for (const kind of ['python', 'java'] as const) {
  describe(`${kind} payloads`, () => {
    const peerOf = usePeer(kind);
    const config = async (ref: boolean, compatible: boolean) => {
      const res = await peerOf().request({ op: 'config', ref, compatible });
      expect(res.ok, String(res.error)).toBe(true);
    };

    for (const mode of ['C', 'CR', 'S', 'SR'] as const) {
      const compatible = mode.startsWith('C');
      const ref = mode.endsWith('R');
      describe(`${compatible ? 'compatible' : 'schema-consistent'}, ref=${ref}`, () => {
        beforeAll(() => config(ref, compatible));
        for (const c of CASES) {
          if ((c.refOnly && !ref) || c.skip?.[kind]?.includes(mode)) continue;
          it(`${c.name}: the tree matches the value ${kind} wrote`, async () => {
            const { bytes } = await write(peerOf(), c.value());
            const result = inspect(bytes, { schemas: SCHEMAS });
            expectSound(result);
            expect(result.undecoded).toBeUndefined();
            expect(mismatch(result.root!, c.value() as Tagged)).toBeNull();
            if (result.header?.mode) expect(result.header.mode).toBe(compatible ? 'compatible' : 'schema-consistent');
          });
        }
      });
    }

    describe('node facts', () => {
      it('compatible example.Person: wire type, TypeDef fields, byte ranges', async () => {
        await config(false, true);
        const { bytes } = await write(peerOf(), V.person('Bob', 25));
        const r = inspect(bytes);
        expectSound(r);
        const root = r.root!;
        expect(root.kind).toBe('struct');
        expect(root.wireType).toMatchObject({ id: TypeId.NAMED_COMPATIBLE_STRUCT, name: 'NAMED_COMPATIBLE_STRUCT', namespace: 'example', typeName: 'Person', typeDef: 0 });
        expect(root.type).toBe('example.Person');
        expect(root.refFlag).toBe('not-null');
        expect(root.start).toBe(1);
        expect(root.end).toBe(bytes.length);
        expect(r.typeDefs).toHaveLength(1);
        const def = r.typeDefs[0]!;
        expect(def.name).toBe('example.Person');
        expect(def.kind).toBe('struct');
        expect(def.fields.map((f) => f.name).sort()).toEqual(['age', 'name']);
        expect(def.fields.find((f) => f.name === 'name')!.type).toBe('string');
        // The TypeDef sits between the type meta and the fields.
        const [first] = root.children!;
        expect(def.end).toBeLessThanOrEqual(first!.start);
        const name = root.children!.find((c) => c.label === 'name')!;
        expect(name).toMatchObject({ kind: 'scalar', type: 'string', declaredType: 'string', value: 'Bob', stringEncoding: 'latin1' });
        // string header (1 byte: 3 << 2 | latin1) + 3 bytes, possibly after a null flag.
        expect(name.end - name.start).toBe(name.refFlag ? 5 : 4);
        expect(bytes[name.end - 3]).toBe('B'.charCodeAt(0));
        const age = root.children!.find((c) => c.label === 'age')!;
        expect(age.value).toBe(25);
        expect(age.type).toBe('int32');
      });

      it('schema-consistent struct without schemas: opaque node with an explanation; with schemas: decoded', async () => {
        await config(false, false);
        const { bytes } = await write(peerOf(), V.personById('Bob', 25));
        const bare = inspect(bytes);
        expect(bare.error).toBeUndefined();
        expect(bare.root!.kind).toBe('opaque');
        expect(bare.root!.wireType).toMatchObject({ id: TypeId.STRUCT, userId: 200 });
        expect(bare.root!.note).toMatch(/Schema-consistent struct struct#200.*Pass its Type.struct spec in `schemas`/);
        expect(bare.root!.end).toBe(bytes.length);
        expect(bare.undecoded).toMatchObject({ end: bytes.length });
        expect(treeProblem(bare)).toBeNull();

        const decoded = inspect(bytes, { schemas: [S.PersonById] });
        expectSound(decoded);
        const root = decoded.root!;
        expect(root.kind).toBe('struct');
        expect(root.children!.map((c) => c.label)).toEqual(['(schema hash)', 'age', 'name']);
        expect(root.children![0]!.end - root.children![0]!.start).toBe(4);
        expect(findByPath(decoded, '$.name')!.value).toBe('Bob');

        // A schema whose fields differ does not match the payload's hash: said, not misread.
        const wrong = inspect(bytes, { schemas: [Type.struct({ id: 200 }, { name: Type.string() })] });
        expect(wrong.error).toBeUndefined();
        expect(wrong.root!.kind).toBe('opaque');
        expect(wrong.root!.note).toMatch(/schema hash -?\d+ matches none of the supplied schemas/);
      });

      it('string encodings as the runtime chose them', async () => {
        await config(false, true);
        const { bytes } = await write(peerOf(), V.list(V.S('plain'), V.S('Zoë'), V.S('中文'), V.S('a你'), V.S('hé😀')));
        const r = inspect(bytes);
        expectSound(r);
        const strings = r.root!.children!;
        expect(strings.map((n) => n.value)).toEqual(['plain', 'Zoë', '中文', 'a你', 'hé😀']);
        // peers/wire-catalog.md: Latin-1 text as LATIN1; otherwise pyfory picks UTF-8 only for non-BMP
        // text, Java UTF-16 except for short strings starting with an ASCII char.
        const expected =
          kind === 'java'
            ? [['latin1', 5], ['latin1', 3], ['utf16', 4], ['utf8', 4], ['utf16', 8]]
            : [['latin1', 5], ['latin1', 3], ['utf16', 4], ['utf16', 4], ['utf8', 7]];
        expect(strings.map((n) => [n.stringEncoding, n.end - n.start - 1 - (n.refFlag ? 1 : 0)])).toEqual(expected);
      });

      it('shared and cyclic references: ref ids and back-reference targets', async () => {
        await config(true, true);
        const shared = { t: 'list', v: [V.S('s')], anchor: 'a' };
        const { bytes } = await write(peerOf(), { t: 'list', v: [shared, V.refto('a'), V.refto('a')], anchor: 'root' });
        const r = inspect(bytes);
        expectSound(r);
        const [first, second, third] = r.root!.children!;
        expect(r.root!.refFlag).toBe('ref-value');
        expect(r.root!.refId).toBe(0);
        expect(first!.refFlag).toBe('ref-value');
        expect(first!.refId).toBe(1);
        for (const back of [second!, third!]) {
          expect(back).toMatchObject({ kind: 'back-ref', refFlag: 'ref', refId: 1, refTarget: first!.id });
          // REF flag + varuint32 id.
          expect(back.end - back.start).toBe(2);
        }

        const cycle = await write(peerOf(), { t: 'list', v: [V.S('x'), V.refto('self')], anchor: 'self' });
        const c = inspect(cycle.bytes);
        expectSound(c);
        expect(c.root!.children![1]).toMatchObject({ kind: 'back-ref', refTarget: c.root!.id });
      });

      it('map chunks: boundaries, sizes and headers', async () => {
        await config(false, true);
        const { bytes } = await write(
          peerOf(),
          V.map([V.S('a'), V.I('int64', 1)], [V.S('b'), V.I('int64', 2)], [V.I('int64', 3), V.S('c')], [V.S('d'), V.NULL], [V.S('e'), V.I('int64', 5)]),
        );
        const r = inspect(bytes);
        expectSound(r);
        const entries = r.root!.children!;
        expect(entries.map((e) => e.label)).toEqual(['"a"', '"b"', '3', '"d"', '"e"']);
        const chunks = entries.map((e) => e.mapChunk!);
        expect(chunks.map((c) => c.index)).toEqual([0, 0, 1, 2, 3]);
        expect(chunks.map((c) => c.size)).toEqual([2, 2, 1, 1, 1]);
        // The null-value entry is a chunk of its own with the VALUE_HAS_NULL bit (0x10).
        expect(chunks[3]!.header & 0x10).toBe(0x10);
        expect(entries[3]!.children![1]!.kind).toBe('null');
        // Chunks tile the map's body in order.
        for (let i = 1; i < chunks.length; i++) if (chunks[i]!.index !== chunks[i - 1]!.index) expect(chunks[i]!.start).toBe(chunks[i - 1]!.end);
        expect(chunks[4]!.end).toBe(r.root!.end);
        expect(r.root!.preview).toBe('{5 entries in 4 chunks}');
      });

      it('out-of-band buffers: slots without and with the buffers', async () => {
        await config(false, true);
        const value = V.list({ t: 'binary', v: 'a1a2a3' }, { t: 'int32_array', v: ['1', '2', '3'] }, { t: 'binary', v: 'b1' });
        const { bytes, buffers } = await write(peerOf(), value, 'all');
        expect(bytes[0]! & 2).toBe(2);
        // Java makes dense arrays buffer objects too; pyfory 1.7 only binary.
        expect(buffers).toHaveLength(kind === 'java' ? 3 : 2);

        const bare = inspect(bytes);
        expectSound(bare);
        expect(bare.header).toMatchObject({ outOfBand: true, bufferObjects: kind === 'java' ? 'all' : 'binary' });
        const slots = [...walk(bare.root)].filter((n) => n.kind === 'buffer');
        expect(slots.map((n) => n.buffer)).toEqual(buffers.map((_, slot) => ({ slot, inBand: false, resolved: false })));
        expect(bare.warnings.join()).toMatch(/pass them as `buffers`/);

        const resolved = inspect(bytes, { buffers });
        expectSound(resolved);
        expect(resolved.warnings).toEqual([]);
        const [bin, ints, tail] = resolved.root!.children!;
        expect(bin!.buffer).toEqual({ slot: 0, inBand: false, byteLength: 3, resolved: true });
        expect(bin!.preview).toContain('a1a2a3');
        if (kind === 'java') expect(ints!.buffer).toEqual({ slot: 1, inBand: false, byteLength: 12, resolved: true });
        else expect(ints).toMatchObject({ kind: 'binary', size: 3, preview: '[1, 2, 3] (3)' });
        expect(tail!.buffer).toMatchObject({ slot: kind === 'java' ? 2 : 1, byteLength: 1 });

        // Missing buffers are an error at the slot's flag.
        const short = inspect(bytes, { buffers: buffers.slice(0, 1) });
        expect(short.error?.message).toMatch(/is missing: 1 buffer\(s\) were supplied/);
        expect(treeProblem(short)).toBeNull();

        // In-band buffer objects are marked as such.
        const inband = await write(peerOf(), value, 'inband');
        const ib = inspect(inband.bytes);
        expectSound(ib);
        expect(ib.root!.children![0]!.buffer).toEqual({ slot: -1, inBand: true, byteLength: 3, resolved: true });
      });

      it('compatible mode with schemas: enum names; ext values decoded', async () => {
        await config(false, true);
        const { bytes } = await write(peerOf(), V.colored());
        const bare = inspect(bytes);
        expectSound(bare);
        expect(findByPath(bare, '$.color')!.preview).toBe('#1');
        const named = inspect(bytes, { schemas: SCHEMAS });
        expectSound(named);
        expect(findByPath(named, '$.color')!.preview).toBe('GREEN (1)');
        expect(findByPath(named, '$.colors[1]')!.preview).toBe('BLUE (2)');
        expect(findByPath(named, '$.shade')!.preview).toBe('BLUE (2)');

        const holder = await write(peerOf(), V.holder());
        const h = inspect(holder.bytes, { schemas: SCHEMAS });
        expectSound(h);
        const point = findByPath(h, '$.point')!;
        expect(point.kind).toBe('ext');
        expect(point.preview).toBe('ext#209 {"x":1,"y":-1}');
        const shape = findByPath(h, '$.shape')!;
        expect(shape).toMatchObject({ kind: 'union', value: 2 });
        // Without the ext's spec its payload has no length: the walk stops there, explained.
        const noExt = inspect(holder.bytes);
        expect(noExt.error).toBeUndefined();
        expect(noExt.undecoded?.reason).toMatch(/Ext type .*Pass its Type.ext spec/);
        expect(treeProblem(noExt)).toBeNull();
      });

      it('every truncation of a benchmark payload gives a partial tree and an error with its offset', async () => {
        await config(true, true);
        const { bytes } = await write(peerOf(), V.mediaContent());
        const full = inspect(bytes, { schemas: SCHEMAS });
        expectSound(full);
        for (let n = 0; n < bytes.length; n++) {
          const r = inspect(bytes.subarray(0, n), { schemas: SCHEMAS });
          expect(r.error, `truncated to ${n}`).toBeDefined();
          expect(r.error!.offset).toBeLessThanOrEqual(n);
          expect(treeProblem(r), `truncated to ${n}`).toBeNull();
          if (n > 1) expect(r.root).toBeDefined();
        }
      });

      it('property: mutated payloads (every user type, both modes) never throw and keep ranges nested', async () => {
        const payloads: Uint8Array[] = [];
        for (const compatible of [true, false]) {
          await config(true, compatible);
          for (const value of [V.mediaContent(), V.containers(), V.colored(), V.poly(), V.scalars(), dynamicValue()]) payloads.push((await write(peerOf(), value)).bytes);
        }
        fc.assert(
          fc.property(fc.nat(payloads.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), (which, edits) => {
            const bytes = payloads[which]!.slice();
            for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
            const r = inspect(bytes, { schemas: SCHEMAS });
            expect(treeProblem(r)).toBeNull();
            if (r.error) expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
          }),
          { seed: 1121, numRuns: 1500 },
        );
      });
    });
  });
}

/** Concrete type facts on one Java payload (both runtimes agree on scalar layouts). */
describe('node types', () => {
  const peerOf = usePeer('java');
  it('Scalars: declared vs wire encodings of every scalar field', async () => {
    await peerOf().request({ op: 'config', ref: false, compatible: true });
    const { bytes } = await write(peerOf(), V.scalars());
    const r = inspect(bytes);
    expectSound(r);
    const field = (name: string): InspectNode => findByPath(r, `$.${name}`)!;
    expect(field('f_fixed_int64')).toMatchObject({ type: 'fixed int64', value: -11 });
    expect(field('f_fixed_int64').end - field('f_fixed_int64').start).toBe(8);
    expect(field('f_tagged_int64')).toMatchObject({ type: 'tagged int64', value: -12 });
    expect(field('f_var_uint64')).toMatchObject({ type: 'uint64', value: 6 });
    expect(field('f_float16')).toMatchObject({ type: 'float16', value: 1.5 });
    expect(field('f_bool')).toMatchObject({ type: 'bool', value: true });
    expect(field('f_binary')).toMatchObject({ kind: 'binary', size: 2 });
    expect(r.typeDefs[0]!.fields.find((f) => f.name === 'f_fixed_uint32')!.type).toBe('fixed uint32');
  });
});


