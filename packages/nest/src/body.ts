/**
 * Request bodies with `Content-Type: application/fory` or `application/fory-frames`: read as raw
 * bytes under a size limit, decoded with the shared instance, and stored as `req.body` — before
 * guards, interceptors and pipes run, so `@Body()` and `ValidationPipe` see the decoded value.
 *
 * - Express: a middleware added to the Express app when the module's middleware is configured,
 *   which Nest does after its own JSON/urlencoded parsers and before any route.
 * - Fastify: a content-type parser for both media types (Fastify rejects unknown types with 415).
 *
 * Failures are `HttpException`s handed to the adapter's error path (`next(err)` / `done(err)`),
 * where Nest runs the global exception filters: 400 / 413 / 415 JSON problem bodies.
 */
import type { Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { captureRequestBody, type LabelledRequest } from './capture.js';
import type { FerryCodec } from './codec.js';
import { FORY_FRAMES_MEDIA_TYPE, FORY_MEDIA_TYPE } from './constants.js';
import { foryMediaType, type ForyMediaType } from './negotiation.js';
import { bodyAborted, bodyTooLarge, unsupportedEncoding } from './problems.js';

/** Requests whose body was decoded from Fory, with its media type (read by `@FerryBody`). */
const decodedBodies = new WeakMap<object, ForyMediaType>();

/** The media type a request body was decoded from, if it was a Fory body. */
export function foryBodyMediaType(req: object): ForyMediaType | undefined {
  return decodedBodies.get(req);
}

/**
 * Read a request stream into one buffer of at most `limit` bytes. The buffer is freshly allocated
 * (offset 0, so 8-byte aligned: out-of-band arrays in a frame decode as views, not copies).
 * Beyond the limit — or when Content-Length already says so — it rejects with 413 at once and
 * keeps draining the rest of the body, so the connection stays usable for the response.
 */
export function readBody(stream: Readable, headers: IncomingHttpHeaders, limit: number, mediaType: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
    if (declared !== undefined && declared > limit) {
      stream.resume();
      reject(bodyTooLarge(limit, mediaType, declared));
      return;
    }
    let chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      if (settled) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += buf.length;
      if (received > limit) {
        chunks = [];
        settle(() => reject(bodyTooLarge(limit, mediaType, received)));
        return; // the 'data' listener stays attached, so the rest is drained and dropped
      }
      chunks.push(buf);
    };
    const onEnd = () =>
      settle(() => {
        const out = Buffer.allocUnsafeSlow(received);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        chunks = [];
        resolve(out);
      });
    const onError = (err: unknown) => settle(() => reject(bodyAborted(mediaType, err)));
    const onClose = () => settle(() => reject(bodyAborted(mediaType)));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/** Read and decode one Fory request body (`request` names it for the capture hook). */
export async function readForyBody(
  codec: FerryCodec,
  stream: Readable,
  headers: IncomingHttpHeaders,
  mediaType: ForyMediaType,
  request: LabelledRequest,
): Promise<unknown> {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    stream.resume();
    throw unsupportedEncoding(encoding, mediaType);
  }
  const bytes = await readBody(stream, headers, codec.limitFor(mediaType), mediaType);
  captureRequestBody(codec.options.capture, request, bytes, mediaType);
  return codec.decode(bytes, mediaType);
}

interface ExpressLikeApp {
  use(fn: (req: any, res: any, next: (err?: unknown) => void) => void): unknown;
}
interface FastifyLikeInstance {
  hasContentTypeParser(type: string | RegExp): boolean;
  addContentTypeParser(
    type: string | string[] | RegExp,
    parser: (request: { headers: IncomingHttpHeaders } & LabelledRequest, payload: Readable, done: (err: unknown, body?: unknown) => void) => void,
  ): unknown;
}
interface HttpAdapterLike {
  getType(): string;
  getInstance(): unknown;
}

const installed = new WeakSet<object>();

/** Install the body reader on the application's HTTP adapter (no-op without one, or twice). */
export function installBodyReader(adapter: HttpAdapterLike | undefined, codec: FerryCodec, logger: Logger): void {
  if (!adapter) return; // a standalone microservice or application context
  const instance = adapter.getInstance() as object;
  if (installed.has(instance)) return;
  installed.add(instance);
  const type = adapter.getType();
  if (type === 'express') {
    (instance as ExpressLikeApp).use((req, _res, next) => {
      const mediaType = foryMediaType(req.headers['content-type']);
      // Skip other types, requests without a body (as body-parser does: neither Transfer-Encoding
      // nor Content-Length), and bodies something else has already consumed.
      const hasBody = req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
      if (!mediaType || !hasBody || req.readableEnded || req._body) return next();
      readForyBody(codec, req, req.headers, mediaType, req).then(
        (value) => {
          req.body = value;
          decodedBodies.set(req, mediaType);
          next();
        },
        (err) => next(err),
      );
    });
  } else if (type === 'fastify') {
    const fastify = instance as FastifyLikeInstance;
    for (const mediaType of [FORY_MEDIA_TYPE, FORY_FRAMES_MEDIA_TYPE] as const) {
      if (fastify.hasContentTypeParser(mediaType)) {
        logger.warn(`A Fastify content-type parser for ${mediaType} is already registered; Ferry's is not installed`);
        continue;
      }
      fastify.addContentTypeParser(mediaType, (request, payload, done) => {
        readForyBody(codec, payload, request.headers, mediaType, request).then(
          (value) => {
            decodedBodies.set(request, mediaType);
            done(null, value);
          },
          (err) => done(err),
        );
      });
    }
  } else {
    logger.warn(`HTTP adapter "${type}" is not supported: Fory request bodies are not decoded (Express and Fastify are)`);
  }
}
