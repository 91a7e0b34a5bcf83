/**
 * Resource limits applied while decoding untrusted bytes — the one place defaults live.
 * Every limit is checked before the allocation it guards.
 */
export interface ForyLimits {
  /** Maximum nesting depth of containers/objects, on read and on write. */
  maxDepth: number;
  /** Maximum byte length of one binary value or dense array body. */
  maxBinaryBytes: number;
  /** Maximum encoded byte length of one string. */
  maxStringBytes: number;
  /** Maximum element count of one list, set or map. */
  maxCollectionSize: number;
  /** Maximum number of reference-tracked objects in one payload. */
  maxRefs: number;
  /** Maximum decimal magnitude bytes (spec: 10,000) and |scale| (spec: 10,000). */
  maxDecimalBytes: number;
  /** Maximum distinct TypeDefs announced in one payload (compatible mode). */
  maxTypeDefs: number;
  /** Maximum distinct meta strings (namespaces/type names) in one payload (schema-consistent mode). */
  maxMetaStrings: number;
}

export const DEFAULT_LIMITS: Readonly<ForyLimits> = Object.freeze({
  maxDepth: 256,
  maxBinaryBytes: 256 * 1024 * 1024,
  maxStringBytes: 64 * 1024 * 1024,
  maxCollectionSize: 16 * 1024 * 1024,
  maxRefs: 16 * 1024 * 1024,
  maxDecimalBytes: 10_000,
  maxTypeDefs: 4096,
  maxMetaStrings: 65_536,
});

/** Spec "decimal" → "Scale": accepted scale range for arbitrary-precision carriers. */
export const DECIMAL_MAX_ABS_SCALE = 10_000;

export function resolveLimits(partial: Partial<ForyLimits> | undefined): ForyLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`limits.${name} must be a non-negative safe integer, got ${String(value)}`);
    }
  }
  return limits;
}
