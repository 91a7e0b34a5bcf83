/**
 * Bounded request bursts against a server on loopback, for the adapters' hostile-input tests
 * (docs/security.md): a fixed number of requests, a fixed concurrency, every response checked, and
 * the heap measured after a full GC before and after.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full garbage collection (exposed at run time, so no --expose-gc flag is needed). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  (runInNewContext('gc') as () => void)();
}

/** Heap in use after a full GC, in bytes. */
export function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export interface BurstResult {
  /** Responses per status code. */
  readonly statuses: Record<number, number>;
  /** The first failed checks (at most 10), with the request index. */
  readonly failures: string[];
  readonly sent: number;
}

/**
 * Send `total` requests, `concurrency` at a time; `send(i)` makes request i and returns a problem
 * description (or null when the response is what request i must get) and the status.
 */
export async function burst(total: number, concurrency: number, send: (i: number) => Promise<{ status: number; problem: string | null }>): Promise<BurstResult> {
  const statuses: Record<number, number> = {};
  const failures: string[] = [];
  let next = 0;
  let sent = 0;
  const lane = async () => {
    while (next < total) {
      const i = next++;
      let status = 0;
      let problem: string | null;
      try {
        ({ status, problem } = await send(i));
      } catch (err) {
        problem = `request failed: ${(err as Error).message}`;
      }
      sent++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (problem !== null && failures.length < 10) failures.push(`#${i}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { statuses, failures, sent };
}

/** Deterministic pseudo-random bytes behind a valid xlang header byte (request i gets its own). */
export function garbage(i: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (i * 2654435761) >>> 0 || 1;
  for (let k = 0; k < length; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x & 0xff;
  }
  out[0] = 0x01; // xlang header, so decoding gets past it
  return out;
}

/** A list nested `depth` deep around one string. */
export function nestedLists(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
