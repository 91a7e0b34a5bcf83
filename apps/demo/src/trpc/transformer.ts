/**
 * The tRPC transformer of the demo, shared by the server, the Node client and the browser page (this
 * module imports nothing Node-specific): the demo's registered types on a tRPC-ready Fory.
 */
import { ferryTransformer } from '@ferry/trpc';
import { demoFory } from '../shared/schemas.js';

export function demoTransformer(): ReturnType<typeof ferryTransformer> {
  return ferryTransformer(demoFory());
}
