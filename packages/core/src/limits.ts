/**
 * Resource limits applied while decoding untrusted bytes — the one place defaults live.
 * Every limit is checked before the allocation (or the work) it guards. docs/security.md explains
 * the threat each one answers.
 */
export interface ForyLimits {
  /** Maximum nesting depth of containers/objects (lists, sets, maps, structs, unions, ext values), on read and on write. */
  maxDepth: number;
  /** Maximum byte length of one payload given to `deserialize` (checked first, before any decoding). */
  maxPayloadBytes: number;
  /** Maximum byte length of one binary value or dense array body. */
  maxBinaryBytes: number;
  /** Maximum encoded byte length of one string (and of one meta string). */
  maxStringBytes: number;
  /** Maximum element count of one list, set or map. */
  maxCollectionSize: number;
  /**
   * Maximum elements of all lists, sets and maps of one payload together. Elements usually cost at
   * least one byte each, which bounds them by the payload size; this limit also bounds zero-width
   * ones (a same-type list of NONE or of empty structs costs no bytes per element).
   */
  maxPayloadElements: number;
  /** Maximum number of reference-tracked objects in one payload. */
  maxRefs: number;
  /** Maximum decimal magnitude bytes (spec: 10,000) and |scale| (spec: 10,000). */
  maxDecimalBytes: number;
  /** Maximum distinct TypeDefs announced in one payload (compatible mode). */
  maxTypeDefs: number;
  /** Maximum body bytes of one TypeDef received in a payload. */
  maxTypeDefBytes: number;
  /** Maximum fields of one TypeDef received in a payload. */
  maxTypeDefFields: number;
  /** Maximum distinct meta strings (namespaces/type names) in one payload (schema-consistent mode). */
  maxMetaStrings: number;
  /** Maximum out-of-band buffers supplied with one payload (`deserialize(bytes, { buffers })`). */
  maxOutOfBandBuffers: number;
}

export const DEFAULT_LIMITS: Readonly<ForyLimits> = Object.freeze({
  maxDepth: 256,
  maxPayloadBytes: 1024 * 1024 * 1024,
  maxBinaryBytes: 256 * 1024 * 1024,
  maxStringBytes: 64 * 1024 * 1024,
  maxCollectionSize: 16 * 1024 * 1024,
  maxPayloadElements: 16 * 1024 * 1024,
  maxRefs: 16 * 1024 * 1024,
  maxDecimalBytes: 10_000,
  maxTypeDefs: 4096,
  maxTypeDefBytes: 1024 * 1024,
  maxTypeDefFields: 4096,
  maxMetaStrings: 65_536,
  maxOutOfBandBuffers: 65_535,
});

/** Spec "decimal" → "Scale": accepted scale range for arbitrary-precision carriers. */
export const DECIMAL_MAX_ABS_SCALE = 10_000;

/** Nesting of list/set/map field types inside one TypeDef field (spec "TypeDef" field types). */
export const TYPEDEF_MAX_TYPE_NESTING = 32;

/**
 * Remote TypeDefs cached per Fory instance, by count and by their total fields: a stream of
 * distinct TypeDefs (each a different field set of a registered struct) cannot grow memory without
 * bound. Beyond either, further distinct TypeDefs are decoded per payload and not kept.
 */
export const MAX_CACHED_TYPEDEFS = 4096;
export const MAX_CACHED_TYPEDEF_FIELDS = 65_536;

/** Default part limit of `decodeFrames`: the payload plus `maxOutOfBandBuffers` buffers. */
export const DEFAULT_MAX_FRAME_PARTS = DEFAULT_LIMITS.maxOutOfBandBuffers + 1;

/** Remote names (type names, namespaces) quoted in error messages are cut to this many characters. */
export const MAX_NAME_IN_MESSAGE = 200;

export function resolveLimits(partial: Partial<ForyLimits> | undefined): ForyLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in DEFAULT_LIMITS)) throw new RangeError(`Unknown limit limits.${name}`);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`limits.${name} must be a non-negative safe integer, got ${String(value)}`);
    }
  }
  return limits;
}

/** The default limits on TypeDefs received in payloads (body bytes, field count), for TypeDef readers outside a Fory. */
export const TYPEDEF_LIMITS: Readonly<Pick<ForyLimits, 'maxTypeDefBytes' | 'maxTypeDefFields'>> = Object.freeze({
  maxTypeDefBytes: DEFAULT_LIMITS.maxTypeDefBytes,
  maxTypeDefFields: DEFAULT_LIMITS.maxTypeDefFields,
});
