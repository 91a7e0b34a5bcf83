import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  BufferObject,
  Fory,
  ForyError,
  InvalidDataError,
  Type,
  decodeFrames,
  encodeFrames,
  frameChunks,
  outOfBandAbove,
  transferables,
} from '../src/index.js';
import { hex } from './helpers.js';

const fory = new Fory();

function collect(keepInBand: (o: BufferObject, i: number) => boolean = () => false) {
  const objects: BufferObject[] = [];
  const outOfBand: BufferObject[] = [];
  const callback = (o: BufferObject) => {
    const inBand = keepInBand(o, objects.length);
    objects.push(o);
    if (!inBand) outOfBand.push(o);
    return inBand;
  };
  return { objects, outOfBand, callback };
}

describe('out-of-band buffers (seed "Zero-Copy Serialization")', () => {
  it("the seed's example: [str, bytes(1000), int32 array(100), float64 array(100)]", () => {
    const value = ['str', new Uint8Array(1000).fill(7), Int32Array.from({ length: 100 }, (_, i) => i), new Float64Array(100).fill(0.5)];
    const c = collect();
    const bytes = fory.serialize(value, { bufferCallback: c.callback });
    expect(c.objects.map((o) => o.totalBytes)).toEqual([1000, 400, 800]);
    // The payload holds the string and one flag byte per buffer object; the arrays travel outside.
    expect(bytes.length).toBeLessThan(40);
    expect(bytes[0]).toBe(0x03); // xlang | out-of-band
    const buffers = c.outOfBand.map((o) => o.toBuffer());
    const back = fory.deserialize<unknown[]>(bytes, { buffers });
    expect(back).toEqual(value);
  });

  it('out-of-band buffers are views on the caller memory, and reads are views on the supplied buffers', () => {
    const data = new Float64Array([1, 2, 3]);
    const c = collect();
    const bytes = fory.serialize({ data }, { bufferCallback: c.callback });
    const buf = c.outOfBand[0]!.toBuffer();
    expect(buf.buffer).toBe(data.buffer); // no copy on write
    const back = fory.deserialize<Map<string, Float64Array>>(bytes, { buffers: [buf] });
    const read = back.get('data')!;
    expect(read.buffer).toBe(data.buffer); // no copy on read
    data[0] = 42;
    expect(read[0]).toBe(42);
  });

  it('the alignment rule: a misaligned buffer is copied, an aligned one viewed', () => {
    const backing = new Uint8Array(64);
    const misaligned = backing.subarray(1, 1 + 16);
    new Float64Array(misaligned.slice().buffer); // content doesn't matter
    const c = collect();
    const bytes = fory.serialize(new Float64Array([1, 2]), { bufferCallback: c.callback });
    misaligned.set(c.outOfBand[0]!.toBuffer());
    const copied = fory.deserialize<Float64Array>(bytes, { buffers: [misaligned] });
    expect(Array.from(copied)).toEqual([1, 2]);
    expect(copied.buffer).not.toBe(backing.buffer);
    const aligned = backing.subarray(8, 24);
    aligned.set(c.outOfBand[0]!.toBuffer());
    const viewed = fory.deserialize<Float64Array>(bytes, { buffers: [aligned] });
    expect(viewed.buffer).toBe(backing.buffer);
    expect(viewed.byteOffset).toBe(8);
  });

  it('per-buffer choice: every other buffer in-band; outOfBandAbove policy', () => {
    const value = [new Uint8Array([1]), new Int16Array([2, 3]), new Uint8Array(100), new BigInt64Array([4n])];
    const c = collect((_, i) => i % 2 === 1);
    const bytes = fory.serialize(value, { bufferCallback: c.callback });
    expect(c.outOfBand.length).toBe(2);
    expect(fory.deserialize(bytes, { buffers: c.outOfBand.map((o) => o.toBuffer()) })).toEqual(value);
    const objects: BufferObject[] = [];
    const policy = outOfBandAbove(10);
    const b2 = fory.serialize(value, { bufferCallback: (o) => (policy(o) ? true : (objects.push(o), false)) });
    expect(objects.map((o) => o.totalBytes)).toEqual([100]);
    expect(fory.deserialize(b2, { buffers: objects.map((o) => o.toBuffer()) })).toEqual(value);
  });

  it('header bit 1 is set whenever a callback is given, even if everything stays in-band', () => {
    const bytes = fory.serialize(new Uint8Array([9]), { bufferCallback: () => true });
    // 03 header, ff flag, 29 binary, 01 in-band, 01 size, 09
    expect(hex(bytes)).toBe('03ff29010109');
    expect(fory.deserialize(bytes, { buffers: [] })).toEqual(new Uint8Array([9]));
    expect(hex(fory.serialize(new Uint8Array([9]), { bufferCallback: () => false }))).toBe('03ff2900');
  });

  it('buffer objects in struct fields and maps; ref tracking writes a repeated binary once', () => {
    const T = Type.struct({ id: 60 }, { data: Type.binary(), ints: Type.int32Array(), name: Type.string() });
    const f = new Fory({ ref: true }).register(T);
    const v = { data: new Uint8Array([1, 2, 3]), ints: new Int32Array([5, 6]), name: 'n' };
    const c = collect();
    const bytes = f.serialize(v, T, { bufferCallback: c.callback });
    expect(c.outOfBand.length).toBe(2);
    expect(f.deserialize(bytes, { buffers: c.outOfBand.map((o) => o.toBuffer()) })).toEqual(v);
    const shared = new Uint8Array([1, 2]);
    const c2 = collect();
    const b2 = f.serialize([shared, shared], { bufferCallback: c2.callback });
    expect(c2.objects.length).toBe(1);
    const back = f.deserialize<Uint8Array[]>(b2, { buffers: c2.outOfBand.map((o) => o.toBuffer()) });
    expect(back[0]).toBe(back[1]);
  });

  it("bufferObjects: 'binary' keeps dense arrays in-band (pyfory's xlang behaviour)", () => {
    const f = new Fory({ bufferObjects: 'binary' });
    const c = collect();
    const bytes = f.serialize([new Uint8Array(4), new Int32Array(4)], { bufferCallback: c.callback });
    expect(c.objects.map((o) => o.totalBytes)).toEqual([4]);
    expect(f.deserialize(bytes, { buffers: c.outOfBand.map((o) => o.toBuffer()) })).toEqual([new Uint8Array(4), new Int32Array(4)]);
  });

  it('missing, too few, too many or unexpected buffers are clear ForyErrors', () => {
    const c = collect();
    const bytes = fory.serialize([new Uint8Array(2), new Uint8Array(3)], { bufferCallback: c.callback });
    const buffers = c.outOfBand.map((o) => o.toBuffer());
    expect(() => fory.deserialize(bytes)).toThrow(/pass them as deserialize\(bytes, \{ buffers \}\)/);
    expect(() => fory.deserialize(bytes, { buffers: buffers.slice(0, 1) })).toThrow(/Out-of-band binary #1 is missing: 1 buffer\(s\) were supplied/);
    expect(() => fory.deserialize(bytes, { buffers: [...buffers, new Uint8Array(1)] })).toThrow(/3 out-of-band buffer\(s\) were supplied but the payload uses 2/);
    expect(() => fory.deserialize(fory.serialize(1), { buffers })).toThrow(ForyError);
  });

  it('in-band zero-copy reads return views into the input when asked', () => {
    const bytes = fory.serialize([new Uint8Array(1000).fill(3)]);
    const [copy] = fory.deserialize<Uint8Array[]>(bytes);
    expect(copy!.buffer).not.toBe(bytes.buffer);
    const [view] = fory.deserialize<Uint8Array[]>(bytes, { zeroCopy: true });
    expect(view!.buffer).toBe(bytes.buffer);
  });
});

describe('frames', () => {
  it('pack a payload and its buffers into one blob, 8-byte aligned, and split it back as views', () => {
    const value = { ints: new Int32Array([1, 2, 3]), blob: new Uint8Array([9, 8, 7]) };
    const c = collect();
    const payload = fory.serialize(value, { bufferCallback: c.callback });
    const frame = encodeFrames(payload, c.outOfBand.map((o) => o.toBuffer()));
    expect(String.fromCharCode(...frame.subarray(0, 4))).toBe('FYFR');
    const { payload: p, buffers } = decodeFrames(frame);
    expect(buffers.every((b) => b.buffer === frame.buffer && b.byteOffset % 8 === 0)).toBe(true);
    const back = fory.deserialize<Map<string, unknown>>(p, { buffers });
    expect(back.get('ints')).toEqual(value.ints);
    expect((back.get('ints') as Int32Array).buffer).toBe(frame.buffer);
  });

  it('malformed frames are typed errors', () => {
    expect(() => decodeFrames(new Uint8Array(3))).toThrow(ForyError);
    expect(() => decodeFrames(new Uint8Array(16))).toThrow(/magic/);
    const frame = encodeFrames(new Uint8Array([1, 2, 3]), [new Uint8Array(10)]);
    // The last part (10 bytes) is padded to 16: cutting 8 bytes cuts into its content.
    expect(() => decodeFrames(frame.subarray(0, frame.length - 8))).toThrow(ForyError);
    const bad = frame.slice();
    new DataView(bad.buffer).setUint32(4, 1e9, true);
    expect(() => decodeFrames(bad)).toThrow(/maxParts/);
    expect(() => fory.deserialize(new Uint8Array([3]), { buffers: [] })).toThrow(ForyError); // header only: truncated
  });
});

describe('hand-off to worker_threads', () => {
  it('transfers the buffers without copying and the worker decodes them', async () => {
    const ints = Int32Array.from({ length: 1 << 16 }, (_, i) => i);
    const c = collect();
    const payload = fory.serialize({ ints }, { bufferCallback: c.callback });
    const buffers = c.outOfBand.map((o) => o.toBuffer());
    const transfer = transferables(payload, buffers);
    expect(transfer).toContain(ints.buffer);
    const coreUrl = new URL('../dist/esm/index.js', import.meta.url).href;
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       import(workerData.coreUrl).then(({ Fory }) => parentPort.on('message', ({ payload, buffers }) => {
         const v = new Fory().deserialize(payload, { buffers });
         const ints = v.get('ints');
         parentPort.postMessage({ length: ints.length, last: ints[ints.length - 1], sum: ints.reduce((a, b) => a + b, 0) });
       }));`,
      { eval: true, workerData: { coreUrl } },
    );
    const reply = new Promise<{ length: number; last: number; sum: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage({ payload, buffers }, transfer);
    expect(ints.byteLength).toBe(0); // detached: the memory moved, it was not copied
    const r = await reply;
    await worker.terminate();
    expect(r).toEqual({ length: 1 << 16, last: (1 << 16) - 1, sum: ((1 << 16) * ((1 << 16) - 1)) / 2 });
  });
});

describe('small payloads share a pool slab', () => {
  it('each payload is its own copy; transferables leaves the shared slab out', () => {
    const fory = new Fory();
    const a = fory.serialize([1, 2, 3]);
    const b = fory.serialize('a string');
    const aHex = hex(a);
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBeGreaterThan(a.byteLength);
    b.fill(0);
    expect(hex(a)).toBe(aHex);
    expect(fory.deserialize(a)).toEqual([1, 2, 3]);
    expect(transferables(a)).toEqual([]);
    // A payload over 2 KiB owns its ArrayBuffer and is transferable.
    const big = fory.serialize('x'.repeat(5000));
    expect(big.buffer.byteLength).toBe(big.byteLength);
    expect(transferables(big)).toEqual([big.buffer]);
  });
});

describe('Node Buffer inputs', () => {
  it('decode like Uint8Arrays: copies are copies, unaligned arrays are copied', () => {
    const bytes = fory.serialize([new Uint8Array([1, 2]), new Float64Array([1.5])]);
    // A Buffer at an odd offset inside a larger allocation (as HTTP bodies are).
    const pool = Buffer.alloc(bytes.length + 1);
    pool.set(bytes, 1);
    const input = pool.subarray(1);
    const [bin, f64] = fory.deserialize<[Uint8Array, Float64Array]>(input);
    expect(Array.from(f64)).toEqual([1.5]);
    input.fill(0);
    expect(Array.from(bin)).toEqual([1, 2]); // not aliasing the input
    const { chunks, length } = frameChunks(bytes, [Buffer.from([7, 8, 9])]);
    const joined = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    expect(joined.length).toBe(length);
    expect(hex(joined)).toBe(hex(encodeFrames(bytes, [new Uint8Array([7, 8, 9])])));
  });
});
