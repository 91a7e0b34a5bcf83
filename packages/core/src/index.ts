/**
 * @ferry/core — the Apache Fory™ xlang binary format for TypeScript.
 */
export { Fory, type ForyOptions, type SerializeOptions, type DeserializeOptions } from './codec/fory.js';
export { BufferObject, outOfBandAbove, type BufferCallback, type SuppliedBuffer } from './oob/buffer-object.js';
export { encodeFrames, decodeFrames, isFrame, frameChunks, frameSize, type DecodedFrames, type FrameChunks } from './oob/frames.js';
export { transferables } from './oob/transfer.js';
export { emitCapture, type PayloadCapture, type CaptureHook, type CaptureDirection } from './capture/capture.js';
export {
  ForyError,
  TruncatedError,
  InvalidDataError,
  UnknownTypeError,
  LimitExceededError,
  UnsupportedValueError,
  TypeMismatchError,
  FORY_ERROR_CODES,
  type ForyErrorCode,
} from './errors.js';
export { DEFAULT_LIMITS, type ForyLimits } from './limits.js';
export { isOfType } from './codec/user-types.js';
export { Type, typed, TypedValue, type TypeSpec, type Infer, type Int32Encoding, type Int64Encoding } from './schema/type.js';
export type {
  StructSpec,
  EnumSpec,
  UnionSpec,
  UnionValue,
  ExtSpec,
  ExtSerializer,
  ExtReader,
  ExtWriter,
  FieldOptions,
  TypeIdentity,
  InferFields,
} from './schema/user-types.js';
export { TypeId, typeIdName, type TypeIdName } from './meta/type-ids.js';
export { BoolArray, Float16Array, BFloat16Array } from './values/arrays.js';
export { Decimal } from './values/decimal.js';
export { Duration, LocalDate, Timestamp } from './values/temporal.js';
export {
  encodeMetaString,
  encodeMetaStringAs,
  decodeMetaString,
  chooseMetaStringEncoding,
  NAMESPACE_CONTEXT,
  TYPE_NAME_CONTEXT,
  FIELD_NAME_CONTEXT,
  type EncodedMetaString,
  type MetaStringContext,
} from './meta/meta-string.js';
export { MetaStringEncoding } from './meta/flags.js';
export { murmurhash3_x64_128 } from './meta/murmurhash3.js';


// Low-level wire access, for tools that walk payloads byte by byte (the @ferry/devtools inspector).
// Not needed to serialize or deserialize; see README "Low-level wire access".
export { ByteReader } from './wire/reader.js';
export { readMapChunkSize } from './codec/serializers/map.js';
export { HeaderFlag, RefFlag as WireRefFlag, CollectionFlag, MapFlag, StringEncoding } from './meta/flags.js';
export { hasUserTypeId, isNamedKind, isUserKind, MAX_INTERNAL_TYPE_ID } from './meta/type-ids.js';
export { readTypeDefFrame, decodeTypeDef, TypeDefKind, type TypeDef, type TypeDefField, type FieldType } from './meta/type-def.js';
export { MetaStringReader } from './codec/meta-strings.js';
export { BuiltinDecoder } from './codec/builtin-decoder.js';
export { createExtReader, type ExtReaderHost } from './codec/user-types.js';
export { TYPEDEF_LIMITS } from './limits.js';
export {
  describeUserTypes,
  type UserTypeLayout,
  type StructFieldLayout,
  type LayoutType,
  type LayoutOptions,
} from './codec/layouts.js';
export type { ResolvedIdentity } from './schema/user-types.js';

export const VERSION = '0.1.0';
