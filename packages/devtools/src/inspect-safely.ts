/** `inspect` for tools that must show something whatever happens (the panel, its worker). */
import type { InspectResult } from './inspector/types.js';

export type InspectFn = (bytes: Uint8Array, options: { buffers?: readonly Uint8Array[] }) => InspectResult;

/**
 * The inspector reports decoding problems in `result.error`; anything it throws is a bug, shown
 * the same way (at offset 0) instead of breaking the caller.
 */
export function inspectSafely(inspect: InspectFn, bytes: Uint8Array, buffers: readonly Uint8Array[]): InspectResult {
  try {
    return inspect(bytes, buffers.length > 0 ? { buffers } : {});
  } catch (error) {
    const e = error as Error;
    return { byteLength: bytes.length, typeDefs: [], warnings: [], nodeCount: 0, error: { message: e.message, name: e.name ?? 'Error', offset: 0 } };
  }
}
