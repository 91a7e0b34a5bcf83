/**
 * The tRPC transformer of the demo, shared by the server, the Node client and the browser page (this
 * module imports nothing Node-specific): the demo's registered types on a tRPC-ready Fory.
 */
import type { CaptureHook } from '@ferry/core';
import { ferryTransformer } from '@ferry/trpc';
import { demoFory } from '../shared/schemas.js';

/** `capture`: where the transformer reports every payload it encodes or decodes (the devtools panel). */
export function demoTransformer(capture?: CaptureHook): ReturnType<typeof ferryTransformer> {
  return ferryTransformer(demoFory(), capture === undefined ? {} : { capture });
}
