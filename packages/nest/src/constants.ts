/** Media type of a single Fory xlang payload (everything in-band). */
export const FORY_MEDIA_TYPE = 'application/fory';
/**
 * Media type of core's frame container (`encodeFrames` / `decodeFrames`): the Fory payload plus
 * its out-of-band buffers, each part 8-byte aligned.
 */
export const FORY_FRAMES_MEDIA_TYPE = 'application/fory-frames';

/** Injection token of the shared `Fory` instance (also injectable as `FerryCodec#fory`). */
export const FERRY_FORY = Symbol.for('@ferry/nest:fory');
/** Injection token of the module options (`FerryModuleOptions`). */
export const FERRY_OPTIONS = Symbol.for('@ferry/nest:options');

/** Metadata key of `@FerryResponse(type)`. */
export const FERRY_RESPONSE_TYPE = '@ferry/nest:response-type';

/** Default request body limit: 1 MiB (both media types unless `framesBodyLimit` is set). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Default out-of-band threshold for `application/fory-frames` responses: buffers above 64 KiB. */
export const DEFAULT_OUT_OF_BAND_ABOVE = 64 * 1024;
