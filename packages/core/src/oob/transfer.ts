/**
 * Zero-copy hand-off to Web Workers / worker_threads: the ArrayBuffers behind a payload and its
 * out-of-band buffers, for `postMessage(message, transferList)`. Transferring detaches them in the
 * sending thread — including the caller's own typed arrays, since out-of-band buffers are views on
 * them. Views that share one ArrayBuffer transfer it once. A small payload lives in a slab of the
 * byte pool, shared with unrelated results: it is left out (postMessage copies those few bytes).
 */
import { isPoolSlab } from '../wire/byte-pool.js';
import { asBytes, type SuppliedBuffer } from './buffer-object.js';

export function transferables(payload: Uint8Array, buffers: readonly SuppliedBuffer[] = []): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of [payload, ...buffers]) {
    const buffer = asBytes(b).buffer;
    // SharedArrayBuffers are shared, not transferred.
    if (buffer instanceof ArrayBuffer && !isPoolSlab(buffer)) out.add(buffer);
  }
  return [...out];
}
