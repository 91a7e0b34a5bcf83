/**
 * Opt-in payload capture (`FerryModuleOptions.capture`): what the HTTP layer hands to the hook.
 * The contract (`PayloadCapture`, `emitCapture`) is @ferry/core's; this module only decides labels.
 */
import { emitCapture, type CaptureHook } from '@ferry/core';
import { FORY_FRAMES_MEDIA_TYPE } from './constants.js';
import type { ForyMediaType } from './negotiation.js';

/** The parts of an Express or Fastify request a capture label is made of. */
export interface LabelledRequest {
  readonly method?: string;
  readonly url?: string;
  readonly originalUrl?: string;
}

/** `METHOD /path` (the query string is left out: it may carry secrets and is not the route). */
export function requestLabel(req: LabelledRequest): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return `${req.method ?? 'GET'} ${query < 0 ? url : url.slice(0, query)}`;
}

/** A Fory request body exactly as received: a frames body is passed whole (`format: 'frames'`). */
export function captureRequestBody(hook: CaptureHook | undefined, req: LabelledRequest, bytes: Uint8Array, mediaType: ForyMediaType): void {
  if (hook === undefined) return;
  emitCapture(hook, {
    source: 'nest',
    direction: 'decode',
    bytes,
    format: mediaType === FORY_FRAMES_MEDIA_TYPE ? 'frames' : 'fory',
    label: requestLabel(req),
    meta: { contentType: mediaType },
  });
}

/** An encoded response: the payload and, for `application/fory-frames`, its out-of-band buffers. */
export function captureResponseBody(
  hook: CaptureHook | undefined,
  req: LabelledRequest,
  body: { readonly mediaType: ForyMediaType; readonly payload: Uint8Array; readonly buffers: readonly Uint8Array[] },
): void {
  if (hook === undefined) return;
  emitCapture(hook, {
    source: 'nest',
    direction: 'encode',
    bytes: body.payload,
    ...(body.buffers.length > 0 ? { buffers: body.buffers } : {}),
    format: 'fory',
    label: requestLabel(req),
    meta: { contentType: body.mediaType },
  });
}
