// Unit tests of the serde (no broker).
import { describe, expect, it } from 'vitest';
import { Fory, ForyError } from '@ferry/core';
import { FerryKafkaError, createFerrySerde, crc32c, parseCompanionRef, recordBytesUpperBound, type RecordHeaders } from '../src/index.js';

const fory = new Fory();

function sample() {
  return {
    id: 7,
    name: 'ferry',
    samples: Float64Array.from({ length: 1000 }, (_, i) => i / 3),
    blob: new Uint8Array(300).fill(9),
    small: new Uint8Array([1, 2, 3]),
  };
}

describe('in-band (default)', () => {
  it('writes a plain Fory payload and no ferry headers', () => {
    const serde = createFerrySerde(fory);
    const v = sample();
    const rec = serde.encode(v, { topic: 't' });
    expect(Buffer.isBuffer(rec.value)).toBe(true);
    expect(rec.headers).toEqual({});
    expect(Buffer.from(rec.value).equals(Buffer.from(fory.serialize(v)))).toBe(true);
    expect(serde.decode(rec)).toEqual(fory.deserialize(fory.serialize(v)));
  });

  it('keeps user headers and rejects the reserved ferry- namespace', () => {
    const serde = createFerrySerde(fory);
    const rec = serde.encode(1, { topic: 't', headers: { trace: 'abc', bin: Buffer.from([1]), gone: undefined } });
    expect(rec.headers).toEqual({ trace: 'abc', bin: Buffer.from([1]) });
    expect(() => serde.encode(1, { topic: 't', headers: { 'ferry-layout': '1' } })).toThrow(
      expect.objectContaining({ code: 'RESERVED_HEADER' }),
    );
  });

  it('decodes a tombstone to null', () => {
    expect(createFerrySerde(fory).decode({ value: null })).toBeNull();
  });

  it('needs a topic', () => {
    expect(() => createFerrySerde(fory).encode(1, {} as never)).toThrow(TypeError);
  });
});

describe('out-of-band buffers in headers (layout 2, inline slots)', () => {
  it('sends buffers above the threshold as ferry-oob-<n> headers: 0x00 then the bytes', () => {
    const serde = createFerrySerde(fory, { outOfBand: 256 });
    const v = sample();
    const rec = serde.encode(v, { topic: 't' });
    expect(rec.headers['ferry-layout']).toBe('2');
    expect(rec.headers['ferry-oob-count']).toBe('2');
    const b0 = rec.headers['ferry-oob-0'] as Buffer;
    const b1 = rec.headers['ferry-oob-1'] as Buffer;
    expect(b0.byteLength).toBe(8001);
    expect(b0[0]).toBe(0);
    expect(b0.subarray(1).equals(Buffer.from(v.samples.buffer))).toBe(true);
    expect(b1.subarray(1).equals(Buffer.from(v.blob))).toBe(true);
    expect(rec.value.byteLength).toBeLessThan(100);
    const back = serde.decode<Map<string, unknown>>(rec)!;
    expect(back.get('samples')).toEqual(v.samples);
    expect(back.get('blob')).toEqual(v.blob);
    expect(back.get('small')).toEqual(v.small);
    expect(back.get('name')).toBe('ferry');
  });

  it('announces zero buffers when every buffer stays in-band', () => {
    const serde = createFerrySerde(fory, { outOfBand: () => true });
    const rec = serde.encode(sample(), { topic: 't' });
    expect(rec.headers).toEqual({ 'ferry-layout': '2', 'ferry-oob-count': '0' });
    expect((serde.decode<Map<string, unknown>>(rec)!).get('samples')).toEqual(sample().samples);
  });

  it('reads buffers at unaligned offsets (as a consumer delivers them) by copying', () => {
    const serde = createFerrySerde(fory, { outOfBand: 0 });
    const rec = serde.encode(Float64Array.of(1.5, -2, 3e300), { topic: 't' });
    const raw = rec.headers['ferry-oob-0'] as Buffer;
    const shifted = Buffer.alloc(raw.length + 4).subarray(4);
    raw.copy(shifted);
    const headers: RecordHeaders = { ...rec.headers, 'ferry-oob-0': shifted };
    expect(serde.decode({ value: Buffer.from(rec.value), headers })).toEqual(Float64Array.of(1.5, -2, 3e300));
  });

  it('any serde decodes either layout', () => {
    const oob = createFerrySerde(fory, { outOfBand: 0 }).encode(new Uint8Array(10), { topic: 't' });
    const inband = createFerrySerde(fory, { outOfBand: 0 }).decode(createFerrySerde(fory).encode('x', { topic: 't' }));
    expect(createFerrySerde(fory).decode(oob)).toEqual(new Uint8Array(10));
    expect(inband).toBe('x');
  });

  it('rejects malformed layout headers', () => {
    const serde = createFerrySerde(fory, { outOfBand: 0 });
    const rec = serde.encode([new Uint8Array(4), new Uint8Array(5)], { topic: 't' });
    const code = (headers: RecordHeaders) => {
      try {
        serde.decode({ value: rec.value, headers });
      } catch (e) {
        expect(e).toBeInstanceOf(FerryKafkaError);
        return (e as FerryKafkaError).code;
      }
      return 'decoded';
    };
    expect(code(rec.headers)).toBe('decoded');
    expect(code({ ...rec.headers, 'ferry-layout': '3' })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-layout': '02' })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-0': Buffer.from([1, 0, 0, 0, 0]) })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-ref-0': '{}' })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-count': undefined })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-count': '-1' })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-count': Buffer.from('2x') })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-1': undefined })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-1': 'text' })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-2': Buffer.alloc(1) })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-ref-2': '{}' })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-layout': [Buffer.from('1'), Buffer.from('1')] })).toBe('BAD_OOB_HEADERS');
    // One buffer too few for the payload: @ferry/core's own error.
    expect(() =>
      serde.decode({ value: rec.value, headers: { ...rec.headers, 'ferry-oob-count': '1', 'ferry-oob-1': undefined } }),
    ).toThrow(ForyError);
  });
});

describe('maxRecordBytes', () => {
  it('throws RECORD_TOO_LARGE before the broker would, in-band and out-of-band', () => {
    for (const outOfBand of [undefined, 0]) {
      const serde = createFerrySerde(fory, { maxRecordBytes: 1000, companion: false, ...(outOfBand === undefined ? {} : { outOfBand }) });
      expect(serde.encode(new Uint8Array(800), { topic: 't' })).toBeDefined();
      expect(() => serde.encode(new Uint8Array(1000), { topic: 'big' })).toThrow(
        expect.objectContaining({ code: 'RECORD_TOO_LARGE', topic: 'big' }),
      );
    }
  });

  it('counts the key and takes a per-topic limit', () => {
    const serde = createFerrySerde(fory, { maxRecordBytes: (topic) => (topic === 'small' ? 500 : 5000) });
    expect(() => serde.encode(new Uint8Array(600), { topic: 'small' })).toThrow(FerryKafkaError);
    expect(serde.encode(new Uint8Array(600), { topic: 'large' })).toBeDefined();
    expect(() => serde.encode(new Uint8Array(600), { topic: 'large', keyBytes: 4500 })).toThrow(FerryKafkaError);
  });

  it('bounds the record size from above', () => {
    expect(recordBytesUpperBound(0, 0, [])).toBeGreaterThanOrEqual(61 + 7);
    expect(recordBytesUpperBound(3, 100, [['é', 10]])).toBe(recordBytesUpperBound(0, 0, []) + 3 + 100 + 5 + 2 + 5 + 10);
  });
});

describe('layout 1 (written by @ferry/kafka 0.1: raw inline buffers)', () => {
  it('is still read', () => {
    const payloadSerde = createFerrySerde(fory, { outOfBand: 0 });
    const v2 = payloadSerde.encode(Float64Array.of(1, 2, 3), { topic: 't' });
    const raw = (v2.headers['ferry-oob-0'] as Buffer).subarray(1);
    const v1 = { value: v2.value, headers: { 'ferry-layout': '1', 'ferry-oob-count': '1', 'ferry-oob-0': Buffer.from(raw) } };
    expect(createFerrySerde(fory).decode(v1)).toEqual(Float64Array.of(1, 2, 3));
    // Layout 1 has no companion references.
    expect(() => createFerrySerde(fory).decode({ ...v1, headers: { ...v1.headers, 'ferry-oob-0': undefined, 'ferry-oob-ref-0': '{}' } })).toThrow(
      expect.objectContaining({ code: 'BAD_OOB_HEADERS' }),
    );
  });
});

describe('companion-topic placement (encodeParts / completeRecord)', () => {
  const big = () => Float64Array.from({ length: 300_000 }, (_, i) => Math.sin(i)); // 2.4 MB

  it('puts small buffers inline and large ones in chunked companion records', () => {
    const serde = createFerrySerde(fory, { outOfBand: 64 });
    const v = { small: new Uint8Array(1000).fill(1), big: big() };
    expect(() => serde.encode(v, { topic: 'orders' })).toThrow(expect.objectContaining({ code: 'COMPANION_REQUIRED' }));
    const parts = serde.encodeParts(v, { topic: 'orders', key: 'k1' });
    expect(parts.record.headers['ferry-oob-count']).toBe('2');
    expect((parts.record.headers['ferry-oob-0'] as Buffer).byteLength).toBe(1001);
    expect(parts.record.headers['ferry-oob-1']).toBeUndefined();
    expect(parts.blobs).toHaveLength(1);
    const [blob] = parts.blobs;
    expect(blob!.topic).toBe('orders.ferry-oob');
    expect(blob!.slot).toBe(1);
    expect(blob!.length).toBe(2_400_000);
    expect(blob!.chunks.length).toBe(3); // ≤ 1 MiB chunks under the 1 MiB record limit
    for (const c of blob!.chunks) {
      expect(c.key).toBe('k1');
      expect(c.headers['ferry-blob-id']).toBe(blob!.id);
      expect(recordBytesUpperBound(2, c.value.byteLength, Object.entries(c.headers).map(([n, h]) => [n, String(h).length]))).toBeLessThanOrEqual(1_048_588);
    }
    expect(blob!.chunks.map((c) => c.headers['ferry-blob-chunk'])).toEqual(['0/3', '1/3', '2/3']);
    expect(Buffer.concat(blob!.chunks.map((c) => c.value)).equals(Buffer.from(v.big.buffer))).toBe(true);
    expect(blob!.crc32c).toBe(crc32c(new Uint8Array(v.big.buffer)).toString(16).padStart(8, '0'));

    const record = serde.completeRecord(parts, [{ partition: 3, first: '10', last: '14' }]);
    const ref = parseCompanionRef(record.headers['ferry-oob-ref-1'] as string);
    expect(ref).toEqual({ topic: 'orders.ferry-oob', partition: 3, first: '10', last: '14', chunks: 3, length: 2_400_000, crc32c: blob!.crc32c, id: blob!.id });
    expect(serde.companionRefs(record)).toEqual([{ slot: 1, ref }]);
    expect(() => serde.decode(record)).toThrow(expect.objectContaining({ code: 'COMPANION_REQUIRED' }));
    const back = serde.decode<Map<string, unknown>>(record, { companion: new Map([[1, new Uint8Array(v.big.buffer.slice(0))]]) })!;
    expect(back.get('big')).toEqual(v.big);
    expect(back.get('small')).toEqual(v.small);
    expect(() => serde.decode(record, { companion: new Map([[1, new Uint8Array(10)]]) })).toThrow(
      expect.objectContaining({ code: 'COMPANION_TRUNCATED' }),
    );
  });

  it('moves buffers to the companion topic when headers would exceed the record limit', () => {
    const serde = createFerrySerde(fory, { outOfBand: 0, maxRecordBytes: 10_000 });
    const parts = serde.encodeParts([new Uint8Array(4000), new Uint8Array(4000), new Uint8Array(4000)], { topic: 't' });
    expect(parts.blobs.map((b) => b.slot)).toEqual([2]);
    expect(parts.blobs[0]!.chunks.length).toBe(1);
    const noCompanion = createFerrySerde(fory, { outOfBand: 0, maxRecordBytes: 10_000, companion: false });
    expect(() => noCompanion.encodeParts([new Uint8Array(4000), new Uint8Array(4000), new Uint8Array(4000)], { topic: 't' })).toThrow(
      expect.objectContaining({ code: 'RECORD_TOO_LARGE' }),
    );
  });

  it('takes a companion topic name, chunk size and header threshold', () => {
    const serde = createFerrySerde(fory, {
      outOfBand: 0,
      headerBufferMaxBytes: 100,
      companion: { topic: (t) => `blobs.${t}`, chunkBytes: 1000 },
    });
    const parts = serde.encodeParts({ a: new Uint8Array(50), b: new Uint8Array(2500) }, { topic: 'x' });
    expect(parts.blobs).toHaveLength(1);
    expect(parts.blobs[0]!.topic).toBe('blobs.x');
    expect(parts.blobs[0]!.chunks.map((c) => c.value.byteLength)).toEqual([1000, 1000, 500]);
    expect(serde.companionTopic('x')).toBe('blobs.x');
    expect(createFerrySerde(fory, { companion: false }).companionTopic('x')).toBeUndefined();
  });

  it('validates every field of a companion reference', () => {
    const good = { topic: 't.ferry-oob', partition: 0, first: '5', last: '9', chunks: 5, length: 10, crc32c: '0badf00d', id: 'a'.repeat(32) };
    expect(parseCompanionRef(JSON.stringify(good))).toEqual(good);
    const bad: Record<string, unknown>[] = [
      { topic: '' },
      { partition: -1 },
      { partition: 1.5 },
      { first: '01' },
      { first: 5 },
      { last: '4' },
      { chunks: 6 },
      { chunks: 0 },
      { length: -1 },
      { length: 2 ** 60 },
      { crc32c: 'XYZ' },
      { id: 'short' },
    ];
    for (const b of bad) {
      expect(() => parseCompanionRef(JSON.stringify({ ...good, ...b })), JSON.stringify(b)).toThrow(
        expect.objectContaining({ code: 'BAD_OOB_HEADERS' }),
      );
    }
    expect(() => parseCompanionRef('not json')).toThrow(FerryKafkaError);
    expect(() => parseCompanionRef('[]')).toThrow(FerryKafkaError);
  });
});

describe('crc32c', () => {
  it('matches the CRC-32C check value and continues across pieces', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32c(check)).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    const data = Uint8Array.from({ length: 10_007 }, (_, i) => (i * 31) & 0xff);
    expect(crc32c(data.subarray(4000), crc32c(data.subarray(0, 4000)))).toBe(crc32c(data));
    // 32 zero bytes (RFC 3720 B.4 test vector).
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
});

describe('capture hook', () => {
  it('publishes encoded and decoded payloads with their buffers and topic', () => {
    const seen: import('@ferry/core').PayloadCapture[] = [];
    const serde = createFerrySerde(fory, { outOfBand: 16, capture: (c) => seen.push(c) });
    const rec = serde.encode({ a: new Uint8Array(32).fill(1) }, { topic: 'events' });
    serde.decode(rec, { origin: { topic: 'events', partition: 0, offset: '5' } });
    expect(seen.map((c) => [c.source, c.direction, c.label, c.buffers?.length])).toEqual([
      ['kafka', 'encode', 'events', 1],
      ['kafka', 'decode', 'events', 1],
    ]);
    expect(Buffer.from(seen[0]!.bytes).equals(rec.value)).toBe(true);
    expect(new Uint8Array(seen[1]!.buffers![0]!)).toEqual(new Uint8Array(32).fill(1));
  });
});
