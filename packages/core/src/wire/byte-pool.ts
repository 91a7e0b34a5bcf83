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
  private words: Int32Array;
  private next = 0;

  constructor() {
    this.buffer = new ArrayBuffer(SLAB_BYTES);
    this.bytes = new Uint8Array(this.buffer);
    this.words = new Int32Array(this.buffer);
    slabs.add(this.buffer);
  }

  /** Room for `n` bytes at `this.next`, starting a new slab if needed; returns the offset. */
  private claim(n: number): number {
    const at = this.next;
    if (at + n <= SLAB_BYTES) return at;
    // The old slab stays alive exactly as long as results viewing it do.
    this.buffer = new ArrayBuffer(SLAB_BYTES);
    this.bytes = new Uint8Array(this.buffer);
    this.words = new Int32Array(this.buffer);
    slabs.add(this.buffer);
    return 0;
  }

  /**
   * Like `copy`, for the first `n` bytes of a buffer also viewed as `srcWords` (a serialized
   * payload at the start of the writer's buffer): whole 4-byte words, then the tail bytes — about
   * three times faster than a byte loop or `set` for small payloads.
   */
  copyFromStart(src: Uint8Array, srcWords: Int32Array, n: number): number {
    if (n > 256) return this.copy(src, 0, n);
    const at = this.claim(n);
    const words = this.words;
    const w = at >> 2;
    const whole = n >> 2;
    for (let i = 0; i < whole; i++) words[w + i] = srcWords[i]!;
    const bytes = this.bytes;
    for (let i = whole << 2; i < n; i++) bytes[at + i] = src[i]!;
    this.next = (at + n + 7) & ~7;
    return at;
  }

  /**
   * Copy `n` (≤ POOLED_MAX_BYTES) bytes of `src` from `start` into the slab and return their
   * offset in `this.buffer` (a multiple of 8, so any element width can view them).
   */
  copy(src: Uint8Array, start: number, n: number): number {
    const at = this.claim(n);
    const bytes = this.bytes;
    if (n <= 128) {
      // Short copies: a loop (four bytes per step) beats creating the subarray that set() needs.
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        bytes[at + i] = src[start + i]!;
        bytes[at + i + 1] = src[start + i + 1]!;
        bytes[at + i + 2] = src[start + i + 2]!;
        bytes[at + i + 3] = src[start + i + 3]!;
      }
      for (; i < n; i++) bytes[at + i] = src[start + i]!;
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
