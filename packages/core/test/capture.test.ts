import { describe, expect, it, vi } from 'vitest';
import { emitCapture, type PayloadCapture } from '../src/index.js';

describe('emitCapture', () => {
  it('does nothing without a hook', () => {
    expect(() => emitCapture(undefined, { source: 'x', direction: 'encode', bytes: new Uint8Array(1) })).not.toThrow();
  });

  it('passes the capture with a time stamp', () => {
    const seen: PayloadCapture[] = [];
    const bytes = new Uint8Array([2, 0xff, 1]);
    emitCapture((c) => seen.push(c), { source: 'nest', direction: 'decode', bytes, label: 'POST /orders' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.bytes).toBe(bytes);
    expect(seen[0]!.label).toBe('POST /orders');
    expect(typeof seen[0]!.time).toBe('number');
    emitCapture((c) => seen.push(c), { source: 'nest', direction: 'decode', bytes, time: 42 });
    expect(seen[1]!.time).toBe(42);
  });

  it('isolates a throwing hook and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hook = () => { throw new Error('boom'); };
    emitCapture(hook, { source: 'a', direction: 'encode', bytes: new Uint8Array() });
    emitCapture(hook, { source: 'a', direction: 'encode', bytes: new Uint8Array() });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
