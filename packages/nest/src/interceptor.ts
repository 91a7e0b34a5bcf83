import type { TypeSpec } from '@ferry/core';
import { Inject, Injectable, StreamableFile, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import { captureResponseBody, type LabelledRequest } from './capture.js';
import { FerryCodec } from './codec.js';
import { FERRY_RESPONSE_TYPE } from './constants.js';
import { negotiate, varyWith } from './negotiation.js';

// Nest's own metadata keys (@nestjs/common constants) for handlers whose result is not a body.
const SSE_METADATA = '__sse__';
const RENDER_METADATA = '__renderTemplate__';
const REDIRECT_METADATA = '__redirect__';

interface ResponseLike {
  getHeader(name: string): unknown;
  headersSent?: boolean;
  sent?: boolean;
}

function setHeader(res: object, name: string, value: string | number): void {
  // Fastify replies have `header()` and a `raw` Node response; Express responses are Node responses.
  const r = res as { raw?: unknown; header?: (n: string, v: string | number) => unknown; setHeader?: (n: string, v: string | number) => unknown };
  if (r.raw !== undefined && typeof r.header === 'function') r.header(name, value);
  else r.setHeader!(name, value);
}

function alreadySent(res: ResponseLike): boolean {
  return res.headersSent === true || res.sent === true;
}

/**
 * Content negotiation for handler results. With `Accept` preferring `application/fory` the result
 * is encoded as one Fory payload; preferring `application/fory-frames`, as core's frame container
 * with large buffers out-of-band (streamed, not copied). Otherwise the result is untouched and Nest
 * sends JSON. Every response it handles gets `Vary: Accept`. Thrown exceptions are not touched, so
 * errors keep Nest's usual JSON bodies.
 *
 * The encoded body is returned as a `StreamableFile`, which both the Express and the Fastify adapter
 * send as bytes (a raw Buffer would be JSON-encoded by the Express adapter). Results that are
 * already a `StreamableFile`, `undefined` results, `@Sse`, `@Render` and `@Redirect` handlers,
 * and responses already sent through `@Res()` pass through unchanged.
 */
@Injectable()
export class FerryInterceptor implements NestInterceptor {
  constructor(
    @Inject(FerryCodec) private readonly codec: FerryCodec,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    if (
      this.reflector.get(SSE_METADATA, handler) ||
      this.reflector.get(RENDER_METADATA, handler) !== undefined ||
      this.reflector.get(REDIRECT_METADATA, handler) !== undefined
    ) {
      return next.handle();
    }
    const http = context.switchToHttp();
    const req = http.getRequest<{ headers: Record<string, string | string[] | undefined> } & LabelledRequest>();
    const res = http.getResponse<ResponseLike>();
    const vary = varyWith(res.getHeader('vary'), 'Accept');
    if (vary !== undefined) setHeader(res, 'Vary', vary);
    const representation = negotiate(req.headers['accept']);
    if (representation === 'json') return next.handle();
    const type = this.reflector.getAllAndOverride<TypeSpec | undefined>(FERRY_RESPONSE_TYPE, [handler, context.getClass()]);
    return next.handle().pipe(
      map((value: unknown) => {
        if (value === undefined || value instanceof StreamableFile || alreadySent(res)) return value;
        const body = this.codec.encode(value, representation, type);
        captureResponseBody(this.codec.options.capture, req, body);
        setHeader(res, 'Content-Type', body.mediaType);
        setHeader(res, 'Content-Length', body.length);
        return new StreamableFile(body.stream(), { type: body.mediaType, length: body.length });
      }),
    );
  }
}
