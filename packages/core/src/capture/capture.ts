/**
 * Payload capture: the opt-in hook through which adapters (@ferry/nest, @ferry/trpc, @ferry/kafka)
 * publish what they encode and decode, so tools such as @ferry/devtools can show live traffic.
 *
 * The contract is deliberately small and transport-free: an adapter calls `hook(capture)`
 * synchronously right after it encoded or decoded a payload. The hook must not throw into the
 * adapter (adapters call it through `emitCapture`, which swallows and reports hook errors) and
 * must copy `bytes`/`buffers` if it keeps them beyond the call: they may be views on pooled or
 * network memory.
 */

/** Which side of the codec produced the capture. */
export type CaptureDirection = 'encode' | 'decode';

export interface PayloadCapture {
  /** The adapter or app that saw the payload: 'nest', 'trpc', 'kafka', or any label of yours. */
  readonly source: string;
  readonly direction: CaptureDirection;
  /** The in-band Fory payload (or a frames container, see `format`). */
  readonly bytes: Uint8Array;
  /** Out-of-band buffers in callback order, when the payload was written with a buffer callback. */
  readonly buffers?: readonly Uint8Array[];
  /** `'fory'`: a plain xlang payload; `'frames'`: an `encodeFrames` container (payload + buffers). */
  readonly format?: 'fory' | 'frames';
  /** What the payload belongs to: an HTTP route, a tRPC procedure path, a Kafka topic. */
  readonly label?: string;
  /** Milliseconds since the epoch (`Date.now()`) when the adapter saw the payload. */
  readonly time: number;
  /** Free-form string facts (HTTP method, status, Kafka partition/offset, message key…). */
  readonly meta?: Readonly<Record<string, string>>;
}

/** Receives captures. Called synchronously on the adapter's hot path: keep it cheap. */
export type CaptureHook = (capture: PayloadCapture) => void;

/**
 * Calls `hook` with `capture`, never letting a faulty hook break the request or message that is
 * being processed: a throwing hook is reported once per hook through `console.warn` and ignored.
 */
export function emitCapture(hook: CaptureHook | undefined, capture: Omit<PayloadCapture, 'time'> & { time?: number }): void {
  if (hook === undefined) return;
  try {
    hook({ ...capture, time: capture.time ?? Date.now() });
  } catch (error) {
    if (!warnedHooks.has(hook)) {
      warnedHooks.add(hook);
      console.warn('@ferry/core: a capture hook threw; its errors are ignored from now on', error);
    }
  }
}

const warnedHooks = new WeakSet<CaptureHook>();
