import { isOfType, type TypeSpec } from '@ferry/core';
import { applyDecorators, createParamDecorator, Inject, SetMetadata, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import { foryBodyMediaType } from './body.js';
import { FERRY_FORY, FERRY_RESPONSE_TYPE } from './constants.js';
import { FerryInterceptor } from './interceptor.js';
import { unexpectedType } from './problems.js';

/** Inject the shared `Fory` instance: `constructor(@InjectFory() fory: Fory)`. */
export const InjectFory = (): PropertyDecorator & ParameterDecorator => Inject(FERRY_FORY);

/**
 * Negotiate this controller's / route's responses (applies `FerryInterceptor`). With a `type`, the
 * result is written as that type — e.g. a registered struct or `Type.list(Person)` — instead of
 * the type inferred from the value. Also usable with the global interceptor, to give the type only.
 */
export function FerryResponse(type?: TypeSpec): MethodDecorator & ClassDecorator {
  return type ? applyDecorators(SetMetadata(FERRY_RESPONSE_TYPE, type), UseInterceptors(FerryInterceptor)) : applyDecorators(UseInterceptors(FerryInterceptor));
}

/** A short description of a value's runtime type, for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map) return 'map';
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    if (proto === Object.prototype || proto === null) return 'map (dynamic object)';
    return proto.constructor?.name || 'object';
  }
  return typeof value;
}

/** Check a decoded value against the declared type (core's `isOfType` for structs and enums). */
function check(value: unknown, type: TypeSpec): string | undefined {
  const display = (type as { identity?: { display: string } }).identity?.display;
  if (type.kind === 'struct' || type.kind === 'enum') return isOfType(type, value) ? undefined : (display ?? type.kind);
  if (type.kind === 'list' && !Array.isArray(value)) return 'list';
  return undefined;
}

/**
 * The request body — like `@Body()`, and it runs the same pipes — documenting that the route takes
 * Fory. With a `type`, a Fory-decoded body of another type (say, a registered `example.Address`
 * posted to a route that takes `example.Person`) is rejected with a 400 problem response before
 * pipes run. JSON and other bodies pass through unchecked, for the usual pipes to validate.
 */
export const FerryBody = createParamDecorator((type: TypeSpec | undefined, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<{ body?: unknown }>();
  const body = req.body;
  if (type && foryBodyMediaType(req)) {
    const expected = check(body, type);
    if (expected !== undefined) throw unexpectedType(expected, describe(body));
  }
  return body;
});
