/**
 * Content negotiation for Fory responses and request bodies. Small and dependency-free so it behaves
 * the same on Express and Fastify (Fastify has no `req.accepts`).
 */
import { FORY_FRAMES_MEDIA_TYPE, FORY_MEDIA_TYPE } from './constants.js';

/** What a response is encoded as: Nest's own JSON, one Fory payload, or a frame with out-of-band parts. */
export type Representation = 'json' | 'fory' | 'frames';

/** A Fory request body media type. */
export type ForyMediaType = typeof FORY_MEDIA_TYPE | typeof FORY_FRAMES_MEDIA_TYPE;

interface AcceptRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  readonly index: number;
}

/** Parse an `Accept` header into media ranges with their weights (malformed ranges are skipped). */
export function parseAccept(header: string): AcceptRange[] {
  const ranges: AcceptRange[] = [];
  header.split(',').forEach((part, index) => {
    const [range, ...params] = part.split(';');
    const m = /^\s*([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)\s*$/i.exec(range ?? '');
    if (!m) return;
    let q = 1;
    for (const p of params) {
      const kv = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (kv) {
        const v = Number(kv[1]);
        q = Number.isFinite(v) ? Math.min(Math.max(v, 0), 1) : 0;
      }
    }
    ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q, index });
  });
  return ranges;
}

const CANDIDATES: ReadonlyArray<readonly [Representation, string, string]> = [
  // Server preference on a tie: JSON first, so `*/*` and `application/*` keep Nest's default.
  ['json', 'application', 'json'],
  ['fory', 'application', 'fory'],
  ['frames', 'application', 'fory-frames'],
];

/**
 * Pick the response representation for an `Accept` header: highest q wins, then the most specific
 * matching range, then the client's order, then JSON. No header, no match or only q=0 gives JSON
 * (Nest's default; no 406).
 */
export function negotiate(accept: string | string[] | undefined): Representation {
  if (accept === undefined) return 'json';
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!/fory/i.test(header)) return 'json';
  const ranges = parseAccept(header);
  let best: { rep: Representation; q: number; specificity: number; index: number } | undefined;
  for (const [rep, type, subtype] of CANDIDATES) {
    // The most specific range matching this candidate decides its q (RFC 9110 §12.5.1).
    let match: { q: number; specificity: number; index: number } | undefined;
    for (const r of ranges) {
      const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
      if (specificity < 0) continue;
      if (!match || specificity > match.specificity || (specificity === match.specificity && r.q > match.q)) {
        match = { q: r.q, specificity, index: r.index };
      }
    }
    if (!match || match.q <= 0) continue;
    if (
      !best ||
      match.q > best.q ||
      (match.q === best.q && match.specificity > best.specificity) ||
      (match.q === best.q && match.specificity === best.specificity && match.index < best.index)
    ) {
      best = { rep, ...match };
    }
  }
  return best?.rep ?? 'json';
}

/** The Fory media type of a `Content-Type` header, or undefined for anything else. */
export function foryMediaType(contentType: string | string[] | undefined): ForyMediaType | undefined {
  if (typeof contentType !== 'string') return undefined;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (essence === FORY_MEDIA_TYPE) return FORY_MEDIA_TYPE;
  if (essence === FORY_FRAMES_MEDIA_TYPE) return FORY_FRAMES_MEDIA_TYPE;
  return undefined;
}

/** Add `token` to a `Vary` header value unless it is already listed (or the value is `*`). */
export function varyWith(current: unknown, token: string): string | undefined {
  const value = Array.isArray(current) ? current.join(', ') : typeof current === 'string' ? current : current === undefined ? '' : String(current);
  const fields = value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === token.toLowerCase())) return undefined;
  return [...fields, token].join(', ');
}
