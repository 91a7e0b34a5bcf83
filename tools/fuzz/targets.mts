/**
 * What the fuzzer decodes: each entry makes one target (another decoder is one more line in
 * TARGETS).
 */
import { decodeFrames, Fory, ForyError, type ForyOptions } from '../../packages/core/src/index.js';
import { userTypes } from '../../packages/core/test/xlang/schemas.js';
import { inspect } from '../../packages/devtools/src/inspector/inspect.js';
import type { FuzzTarget } from './engine.mjs';

/** Node budget of the inspector target (its default, 10 M, is far above what an 8 KiB input needs). */
const INSPECT_MAX_NODES = 100_000;

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

/**
 * The devtools inspector: it never throws for malformed input (the result carries the error), and
 * every error it reports comes from a ForyError (has a code) — anything else is a walker bug.
 * Without schemas: `inspect` indexes the schemas it is given on every call (about 8 ms for the
 * peers' 29 types), which would make it 99% of the run. With at most INSPECT_MAX_NODES nodes: the
 * inspector makes one node object per element, so its default (10 M) lets a 13 KB payload of
 * zero-width lists cost it over 100 MiB.
 */
function inspectTarget(): FuzzTarget {
  return {
    name: 'inspect',
    run: (bytes) => {
      const { error } = inspect(bytes, { maxNodes: INSPECT_MAX_NODES });
      if (error !== undefined && error.code === undefined) throw new Error(`inspect reported a non-Fory error: ${error.name}: ${error.message} at ${error.path ?? '?'}`);
    },
    problem: (err) => `inspect threw: ${describe(err)}`,
  };
}

export const TARGETS: ReadonlyArray<() => FuzzTarget> = [
  deserializeTarget('compatible', { compatible: true }),
  deserializeTarget('compatible-ref-objects', { compatible: true, ref: true, maps: 'object', undefined: 'preserve', zeroCopy: true }),
  deserializeTarget('consistent', { compatible: false }),
  deserializeTarget('consistent-ref-interpreted', { compatible: false, ref: true, codegen: false }),
  framesTarget('frames', { compatible: true, ref: true }),
  inspectTarget,
];
