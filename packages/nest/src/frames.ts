/**
 * Streams core's frame container (`frameChunks` from @ferry/core: header, then each part as a view on
 * the caller's memory, with zero padding) without joining it: Node writes the chunks to the socket
 * as they are, so an out-of-band buffer is never copied into a response body.
 */
import { Readable } from 'node:stream';

/**
 * A byte stream over chunks, pushed one at a time as the consumer reads (backpressure). Chunks are
 * wrapped as Buffers sharing their memory; nothing is copied.
 */
export function chunkStream(chunks: readonly Uint8Array[]): Readable {
  let next = 0;
  return new Readable({
    read() {
      while (next < chunks.length) {
        const c = chunks[next++]!;
        if (!this.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength))) return;
      }
      this.push(null);
    },
  });
}
