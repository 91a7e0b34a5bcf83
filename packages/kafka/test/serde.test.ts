// Unit tests of the serde (no broker).
import { describe, expect, it } from 'vitest';
import { Fory, ForyError } from '@ferry/core';
import { FerryKafkaError, createFerrySerde, recordBytesUpperBound, type RecordHeaders } from '../src/index.js';

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

describe('out-of-band buffers in headers (layout 1)', () => {
  it('sends buffers above the threshold as ferry-oob-<n> views on the caller memory', () => {
    const serde = createFerrySerde(fory, { outOfBand: 256 });
    const v = sample();
    const rec = serde.encode(v, { topic: 't' });
    expect(rec.headers['ferry-layout']).toBe('1');
    expect(rec.headers['ferry-oob-count']).toBe('2');
    const b0 = rec.headers['ferry-oob-0'] as Buffer;
    const b1 = rec.headers['ferry-oob-1'] as Buffer;
    expect(b0.buffer).toBe(v.samples.buffer); // zero copy on produce
    expect(b0.byteLength).toBe(8000);
    expect(b1.buffer).toBe(v.blob.buffer);
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
    expect(rec.headers).toEqual({ 'ferry-layout': '1', 'ferry-oob-count': '0' });
    expect((serde.decode<Map<string, unknown>>(rec)!).get('samples')).toEqual(sample().samples);
  });

  it('reads buffers at unaligned offsets (as a consumer delivers them) by copying', () => {
    const serde = createFerrySerde(fory, { outOfBand: 0 });
    const rec = serde.encode(Float64Array.of(1.5, -2, 3e300), { topic: 't' });
    const raw = rec.headers['ferry-oob-0'] as Buffer;
    const shifted = Buffer.alloc(raw.length + 3).subarray(3);
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
    expect(code({ ...rec.headers, 'ferry-layout': '2' })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-count': undefined })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-count': '-1' })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-count': Buffer.from('2x') })).toBe('UNSUPPORTED_LAYOUT');
    expect(code({ ...rec.headers, 'ferry-oob-1': undefined })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-1': 'text' })).toBe('BAD_OOB_HEADERS');
    expect(code({ ...rec.headers, 'ferry-oob-2': Buffer.alloc(1) })).toBe('BAD_OOB_HEADERS');
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
      const serde = createFerrySerde(fory, { maxRecordBytes: 1000, ...(outOfBand === undefined ? {} : { outOfBand }) });
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
