/**
 * Typed errors. Every error thrown by Ferry for bad input or unsupported values is a ForyError
 * subclass, carrying a machine-readable `code` and, for decoding errors, the byte `offset`.
 */

/** Every `code` a ForyError can carry (the one list: adapters recognize errors by it). */
export const FORY_ERROR_CODES = [
  'TRUNCATED',
  'INVALID_HEADER',
  'INVALID_DATA',
  'INVALID_UTF8',
  'UNKNOWN_TYPE',
  'TYPE_NOT_REGISTERED',
  'TYPE_MISMATCH',
  'LIMIT_EXCEEDED',
  'UNSUPPORTED_VALUE',
  'INVALID_SCHEMA',
] as const;

export type ForyErrorCode = (typeof FORY_ERROR_CODES)[number];

export class ForyError extends Error {
  readonly code: ForyErrorCode;
  /** Byte offset in the payload where the problem was found (decoding errors only). */
  readonly offset: number | undefined;

  constructor(code: ForyErrorCode, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
    this.name = new.target.name;
    this.code = code;
    this.offset = offset;
  }
}

/** The payload ended before a value was complete. */
export class TruncatedError extends ForyError {
  readonly needed: number;
  readonly available: number;
  constructor(what: string, offset: number, needed: number, available: number) {
    super('TRUNCATED', `Truncated payload: ${what} needs ${needed} byte(s) but ${available} remain`, offset);
    this.needed = needed;
    this.available = available;
  }
}

/** The bytes are not a valid encoding (bad flag, over-long varint, non-canonical form, …). */
export class InvalidDataError extends ForyError {
  constructor(message: string, offset: number, code: 'INVALID_DATA' | 'INVALID_HEADER' | 'INVALID_UTF8' = 'INVALID_DATA') {
    super(code, message, offset);
  }
}

/** A type id or type name that this reader does not know or that is not registered. */
export class UnknownTypeError extends ForyError {
  readonly typeId: number | undefined;
  readonly typeName: string | undefined;
  constructor(message: string, offset: number | undefined, typeId?: number, typeName?: string, code: 'UNKNOWN_TYPE' | 'TYPE_NOT_REGISTERED' = 'UNKNOWN_TYPE') {
    super(code, message, offset);
    this.typeId = typeId;
    this.typeName = typeName;
  }
}

/** A configured resource limit would be exceeded; raised before any allocation it guards. */
export class LimitExceededError extends ForyError {
  readonly limit: string;
  readonly value: number;
  readonly max: number;
  constructor(limit: string, value: number, max: number, offset?: number, hint?: string) {
    super('LIMIT_EXCEEDED', `Limit ${limit} exceeded: ${value} > ${max}${hint ? ` (${hint})` : ''}`, offset);
    this.limit = limit;
    this.value = value;
    this.max = max;
  }
}

/** A value cannot be written as the requested (or any) xlang type. `path` locates it in the value. */
export class UnsupportedValueError extends ForyError {
  /** Where the value sits in the serialized value, e.g. `[2].name` (empty for the root). */
  readonly path: string;
  readonly reason: string;
  constructor(reason: string, path = '') {
    super('UNSUPPORTED_VALUE', path ? `${reason} at ${path}` : reason);
    this.reason = reason;
    this.path = path;
  }
  /** The same error located one container level further out. */
  under(segment: string): UnsupportedValueError {
    return new UnsupportedValueError(this.reason, segment + this.path);
  }
}

/** The decoded value does not fit the type the caller asked for. */
export class TypeMismatchError extends ForyError {
  constructor(message: string, offset?: number) {
    super('TYPE_MISMATCH', message, offset);
  }
}
