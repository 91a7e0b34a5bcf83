/**
 * Error responses for Fory request bodies. Each is a Nest `HttpException` whose body keeps Nest's
 * usual fields (`statusCode`, `error`, `message`) and adds RFC 9457 problem-details members
 * (`type`, `title`, `status`, `detail`) plus the Fory error `code` and byte `offset`. Being
 * HttpExceptions, they go through the application's exception filters like any other error.
 */
import { FORY_ERROR_CODES, ForyError } from '@ferry/core';
import { HttpException, HttpStatus } from '@nestjs/common';

const FORY_CODES: ReadonlySet<string> = new Set(FORY_ERROR_CODES);

/**
 * True for a `ForyError`, also one thrown by another copy of `@ferry/core` (an ESM and a CommonJS
 * build loaded side by side have distinct classes).
 */
export function isForyError(e: unknown): e is ForyError {
  if (e instanceof ForyError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && FORY_CODES.has(code);
}

/** URNs used as the problem `type` of each failure. */
export const ProblemType = {
  malformedBody: 'urn:ferry:problem:malformed-body',
  unregisteredType: 'urn:ferry:problem:unregistered-type',
  typeMismatch: 'urn:ferry:problem:type-mismatch',
  limitExceeded: 'urn:ferry:problem:limit-exceeded',
  unexpectedType: 'urn:ferry:problem:unexpected-type',
  bodyTooLarge: 'urn:ferry:problem:body-too-large',
  unsupportedEncoding: 'urn:ferry:problem:unsupported-content-encoding',
  aborted: 'urn:ferry:problem:body-aborted',
} as const;

/** The JSON body of a Ferry problem response. */
export interface FerryProblem {
  /** Nest's usual fields. */
  statusCode: number;
  error: string;
  message: string;
  /** RFC 9457 members. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The ForyError code, when the failure came from the decoder. */
  code?: string;
  /** Byte offset in the payload (or frame) where decoding failed. */
  offset?: number;
  /** The media type of the rejected body. */
  mediaType?: string;
  [extra: string]: unknown;
}

const REASONS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Payload Too Large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Unsupported Media Type',
};

export function problem(status: number, type: string, title: string, detail: string, extra: Partial<FerryProblem> = {}, cause?: unknown): HttpException {
  const body: FerryProblem = {
    statusCode: status,
    error: REASONS[status] ?? 'Error',
    message: `${title}: ${detail}`,
    type,
    title,
    status,
    detail,
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) body[k] = v;
  return new HttpException(body, status, cause === undefined ? undefined : { cause });
}

/** 400 for a body the decoder rejected, classified by the ForyError code. */
export function foryErrorProblem(err: ForyError, mediaType: string): HttpException {
  const extra: Partial<FerryProblem> = { code: err.code, offset: err.offset, mediaType };
  const e = err as ForyError & { typeName?: string; typeId?: number; limit?: string; max?: number };
  switch (err.code) {
    case 'UNKNOWN_TYPE':
    case 'TYPE_NOT_REGISTERED':
      return problem(400, ProblemType.unregisteredType, 'Unregistered type in Fory body', err.message, { ...extra, typeName: e.typeName, typeId: e.typeId }, err);
    case 'TYPE_MISMATCH':
      return problem(400, ProblemType.typeMismatch, 'Fory body does not match the registered schema', err.message, extra, err);
    case 'LIMIT_EXCEEDED':
      return problem(400, ProblemType.limitExceeded, 'Fory body exceeds a decoding limit', err.message, { ...extra, limit: e.limit, max: e.max }, err);
    default:
      return problem(400, ProblemType.malformedBody, 'Malformed Fory body', err.message, extra, err);
  }
}

export function bodyTooLarge(limit: number, mediaType: string, received?: number): HttpException {
  const size = received === undefined ? '' : ` (${received} bytes or more)`;
  return problem(413, ProblemType.bodyTooLarge, 'Request body too large', `${mediaType} bodies are limited to ${limit} bytes${size}`, { limit, mediaType });
}

export function unexpectedType(expected: string, got: string): HttpException {
  return problem(400, ProblemType.unexpectedType, 'Unexpected type in Fory body', `expected ${expected}, got ${got}`, { expected, got });
}

export function unsupportedEncoding(encoding: string, mediaType: string): HttpException {
  return problem(415, ProblemType.unsupportedEncoding, 'Unsupported Content-Encoding', `${mediaType} bodies must not be compressed (got Content-Encoding: ${encoding})`, { mediaType });
}

export function bodyAborted(mediaType: string, cause?: unknown): HttpException {
  return problem(400, ProblemType.aborted, 'Request body aborted', `the ${mediaType} body ended before it was complete`, { mediaType }, cause);
}
