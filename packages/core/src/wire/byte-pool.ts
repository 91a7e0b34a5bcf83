/**
 * Storage for small results: decoded dense arrays and serialized payloads.
 *
 * V8 keeps a typed array of up to 64 bytes on its own heap, but gives a larger one an off-heap
 * backing store (about 200 ns to allocate, ten times the cost of a view on an existing
 * ArrayBuffer). Results of up to POOLED_MAX_BYTES are therefore copied into 8-aligned slices of a
 * shared slab and returned as views on it, as Node's Buffer pool does for small Buffers.
 * Each result owns its slice (a fresh copy, independent of the input and of every other result),
 * but its `.buffer` is the shared slab: use `byteOffset`/`byteLength` with it, and `.slice()` a
 * result before transferring its buffer to a worker (`transferables` never lists a slab).
 * `zeroCopy` reads never use the pool.
 */

/** Largest result (in bytes) copied into the pool; larger ones get their own ArrayBuffer. */
export const POOLED_MAX_BYTES = 2048;
const SLAB_BYTES = 32 * 1024;

/** Every slab handed out (weakly held): `transferables` must not detach one. */
const slabs = new WeakSet<ArrayBuffer>();

class BytePool {
  /** The current slab; read it after `copy`, which may start a new one. */
  buffer: ArrayBuffer;
  private bytes: Uint8Array;
  private next = 0;

  constructor() {
    this.buffer = new ArrayBuffer(SLAB_BYTES);
    this.bytes = new Uint8Array(this.buffer);
    slabs.add(this.buffer);
  }

  /**
   * Copy `n` (≤ POOLED_MAX_BYTES) bytes of `src` from `start` into the slab and return their
   * offset in `this.buffer` (a multiple of 8, so any element width can view them).
   */
  copy(src: Uint8Array, start: number, n: number): number {
    let at = this.next;
    if (at + n > SLAB_BYTES) {
      // The old slab stays alive exactly as long as results viewing it do.
      this.buffer = new ArrayBuffer(SLAB_BYTES);
      this.bytes = new Uint8Array(this.buffer);
      slabs.add(this.buffer);
      at = 0;
    }
    const bytes = this.bytes;
    if (n <= 64) {
      // Short copies: a loop beats creating the subarray that set() needs.
      for (let i = 0; i < n; i++) bytes[at + i] = src[start + i]!;
    } else {
      bytes.set(src.subarray(start, start + n), at);
    }
    this.next = (at + n + 7) & ~7;
    return at;
  }
}

/** One pool per thread (module instance); copies are synchronous, so it is never shared mid-copy. */
export const bytePool = new BytePool();

/** Whether `buffer` is a pool slab (shared by unrelated results: never transfer it). */
export function isPoolSlab(buffer: ArrayBufferLike): boolean {
  return buffer instanceof ArrayBuffer && slabs.has(buffer);
}
