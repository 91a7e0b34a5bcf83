/**
 * Out-of-band buffers across languages: pyfory (buffer_callback) and Java fory-core (BufferObject
 * callback) ⇄ TS, in-band, out-of-band and mixed per-buffer choices, both ref settings.
 * Java makes binary and every dense array a buffer object; pyfory 1.7 only binary — Ferry speaks
 * Java's form by default and pyfory's with `bufferObjects: 'binary'` (peers/oob-catalog.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Fory, Type, type BufferObject, type TypeSpec } from '../src/index.js';
import { h, hex } from './helpers.js';
import { usePeer } from './xlang/peer.js';
import { diff, toFerry, type Tagged } from './xlang/tagged.js';

type OobMode = 'none' | 'inband' | 'all' | 'alternate';
const MODES: OobMode[] = ['none', 'inband', 'all', 'alternate'];

const OobHolder = Type.struct({ id: 214 }, { data: Type.binary(), ints: Type.int32Array(), name: Type.string() });
const hexRange = (n: number) => Array.from({ length: n }, (_, i) => ((i * 7) & 0xff).toString(16).padStart(2, '0')).join('');
const nums = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => String(f(i)));

interface OobCase {
  name: string;
  value: (kind: 'python' | 'java') => Tagged;
  type?: TypeSpec;
  refOnly?: boolean;
  /** With ref=true Java flags every element of a mixed list 00 where Ferry (as pyfory) writes ff. */
  notExactJavaRef?: boolean;
}

const CASES: OobCase[] = [
  {
    name: "the seed's value [str, bytes(1000), int32[100], float64[100]]",
    value: (kind) => ({
      t: 'list',
      v: [
        { t: 'string', v: 'str' },
        { t: 'binary', v: hexRange(1000) },
        { t: 'int32_array', v: nums(100, (i) => i - 50), ...(kind === 'python' ? { native: 'numpy' } : {}) },
        { t: 'float64_array', v: nums(100, (i) => i / 4), ...(kind === 'python' ? { native: 'numpy' } : {}) },
      ],
    }),
    notExactJavaRef: true,
  },
  { name: 'binary 3 bytes', value: () => ({ t: 'binary', v: '010203' }) },
  { name: 'list of two binaries', value: () => ({ t: 'list', v: [{ t: 'binary', v: 'aa' }, { t: 'binary', v: 'bbcc' }] }) },
  {
    name: 'struct OobHolder {data: binary, ints: array<int32>, name}',
    type: OobHolder,
    value: () => ({ t: 'struct', type: '214', fields: { data: { t: 'binary', v: hexRange(40) }, ints: { t: 'int32_array', v: ['1', '-2', '3'] }, name: { t: 'string', v: 'h' } } }) as unknown as Tagged,
  },
  {
    name: 'a shared binary is written once (ref)',
    refOnly: true,
    value: () => ({ t: 'list', v: [{ t: 'binary', v: '0102', anchor: 'b' } as Tagged, { t: 'refto', anchor: 'b' }] }),
  },
];

/** The same per-buffer decision the peers make for a mode (index = buffer object order). */
function policy(mode: OobMode, sink: BufferObject[]): ((o: BufferObject) => boolean) | undefined {
  if (mode === 'none') return undefined;
  let i = 0;
  return (o) => {
    const inBand = mode === 'inband' || (mode === 'alternate' && i % 2 === 1);
    i++;
    if (!inBand) sink.push(o);
    return inBand;
  };
}

for (const kind of ['python', 'java'] as const) {
  describe(`${kind} peer: out-of-band buffers`, () => {
    const peerOf = usePeer(kind);
    for (const ref of [false, true]) {
      describe(`ref=${ref}`, () => {
        const types = { '214': OobHolder as TypeSpec };
        const fory = new Fory({ ref, bufferObjects: kind === 'python' ? 'binary' : 'all' }).register(OobHolder);
        beforeAll(async () => {
          expect((await peerOf().request({ op: 'config', ref, compatible: true })).ok).toBe(true);
        });
        for (const c of CASES) {
          if (c.refOnly && !ref) continue;
          const ferryValue = () => toFerry(c.value(kind), new Map(), c.type, types);
          const expected = () => c.value(kind);
          for (const mode of MODES) {
            it(`${c.name}, oob=${mode}: ${kind} → TS (same bytes and buffers as TS writes)`, async () => {
              const res = await peerOf().request({ op: 'write', value: c.value(kind), oob: mode });
              expect(res.ok, res.error).toBe(true);
              const buffers = (res.buffers ?? []).map(h);
              const decoded = fory.deserialize(h(res.hex!), mode === 'none' ? {} : { buffers });
              expect(diff(decoded, expected())).toBeNull();
              // Zero copy: out-of-band binaries are the supplied buffers themselves.
              if (buffers.length) expect(collectBytes(decoded).some((b) => buffers.some((x) => x.buffer === b.buffer))).toBe(true);
              const mine: BufferObject[] = [];
              const cb = policy(mode, mine);
              const bytes = c.type ? fory.serialize(ferryValue() as never, c.type, { bufferCallback: cb }) : fory.serialize(ferryValue(), { bufferCallback: cb });
              if (!(c.notExactJavaRef && kind === 'java' && ref)) expect(hex(bytes)).toBe(res.hex);
              expect(mine.map((o) => hex(o.toBuffer()))).toEqual(res.buffers ?? []);
            });

            it(`${c.name}, oob=${mode}: TS → ${kind} → TS`, async () => {
              const mine: BufferObject[] = [];
              const cb = policy(mode, mine);
              const bytes = c.type ? fory.serialize(ferryValue() as never, c.type, { bufferCallback: cb }) : fory.serialize(ferryValue(), { bufferCallback: cb });
              const res = await peerOf().request({
                op: 'read',
                hex: hex(bytes),
                expect: forPeer(expected()),
                ...(mode === 'none' ? {} : { buffers: mine.map((o) => hex(o.toBuffer())) }),
                reserializeOob: mode,
              });
              expect(res.ok, res.error).toBe(true);
              expect(res.equal, res.diff).toBe(true);
              const back = fory.deserialize(h(res.hex!), mode === 'none' ? {} : { buffers: (res.reserializeBuffers ?? []).map(h) });
              expect(diff(back, forPeer(expected()))).toBeNull();
            });
          }
        }
      });
    }
  });
}

/**
 * Binary anchors are for building values only; the peers' decoded descriptions never carry them, so
 * a peer's `expect` (and its re-serialization, whose identity the peer does not keep) compares the
 * shared binary by value.
 */
function forPeer(t: Tagged): Tagged {
  const binaries = new Map<string, Tagged>();
  const strip = (x: Tagged): Tagged => {
    const o = x as Tagged & { anchor?: string; v?: unknown };
    if (o.t === 'binary' && o.anchor) {
      const { anchor, ...rest } = o;
      binaries.set(anchor, rest as Tagged);
      return rest as Tagged;
    }
    if (o.t === 'refto' && binaries.has(o.anchor)) return binaries.get(o.anchor)!;
    if (o.t === 'list' || o.t === 'set') return { ...o, v: (o.v as Tagged[]).map(strip) } as Tagged;
    return x;
  };
  return strip(t);
}

function collectBytes(v: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (v instanceof Uint8Array) out.push(v);
  else if (ArrayBuffer.isView(v)) out.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  else if (Array.isArray(v)) v.forEach((e) => collectBytes(e, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((e) => collectBytes(e, out));
  return out;
}
