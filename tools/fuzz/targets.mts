/**
 * What the fuzzer decodes: each entry makes one target. To fuzz another decoder (the devtools
 * inspector), add one line here, e.g.
 *   () => ({ name: 'inspect', run: (b) => void inspect(b), problem: foryProblem }),
 */
import { decodeFrames, Fory, ForyError, type ForyOptions } from '../../packages/core/src/index.js';
import { userTypes } from '../../packages/core/test/xlang/schemas.js';
import type { FuzzTarget } from './engine.mjs';

/**
 * Limits small enough that any allocation beyond them stands out (the worker's heap is bounded
 * too), large enough for every seed to decode.
 */
export const FUZZ_LIMITS = {
  maxBinaryBytes: 1 << 20,
  maxStringBytes: 1 << 20,
  maxCollectionSize: 1 << 16,
  maxPayloadElements: 1 << 18,
  maxRefs: 1 << 16,
  maxTypeDefs: 256,
  maxMetaStrings: 1024,
  maxOutOfBandBuffers: 64,
};

/** The fuzz property for every Ferry decoder: only ForyErrors escape, and none wraps an internal error. */
export function foryProblem(err: unknown): string | null {
  if (!(err instanceof ForyError)) return `a non-ForyError escaped: ${describe(err)}`;
  if (err.cause !== undefined) return `an internal error surfaced as ${err.name}: ${describe(err.cause)}`;
  return null;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}\n${err.stack ?? ''}`;
  return String(err);
}

/** A Fory with every peer user type registered (structs, enums, unions, ext types). */
function foryWith(options: ForyOptions): Fory {
  return new Fory({ ...options, limits: FUZZ_LIMITS }).register(...(Object.values(userTypes(1)) as never[]));
}

function deserializeTarget(name: string, options: ForyOptions): () => FuzzTarget {
  return () => {
    const fory = foryWith(options);
    return { name, run: (bytes) => void fory.deserialize(bytes), problem: foryProblem };
  };
}

/** Ferry frames (payload + out-of-band buffers), as HTTP bodies and Kafka values carry them. */
function framesTarget(name: string, options: ForyOptions): () => FuzzTarget {
  return () => {
    const fory = foryWith(options);
    return {
      name,
      run: (bytes) => {
        const { payload, buffers } = decodeFrames(bytes, { maxParts: FUZZ_LIMITS.maxOutOfBandBuffers + 1 });
        fory.deserialize(payload, { buffers });
      },
      problem: foryProblem,
    };
  };
}

export const TARGETS: ReadonlyArray<() => FuzzTarget> = [
  deserializeTarget('compatible', { compatible: true }),
  deserializeTarget('compatible-ref-objects', { compatible: true, ref: true, maps: 'object', undefined: 'preserve', zeroCopy: true }),
  deserializeTarget('consistent', { compatible: false }),
  deserializeTarget('consistent-ref-interpreted', { compatible: false, ref: true, codegen: false }),
  framesTarget('frames', { compatible: true, ref: true }),
];
