/**
 * A binary framing for Nest's TCP transport. The default `JsonSocket` JSON-stringifies each
 * message, so Fory bytes would travel as a JSON array of numbers; `FerryTcpSocket` sends each
 * message as `u32 BE length | bytes` instead. Pass it as `socketClass` on both the server and the
 * client, together with `FerrySerializer` / `FerryDeserializer`.
 *
 * Like Nest's `JsonSocket` it bounds a message (`maxMessageBytes`, default 128 MiB), drops a peer
 * that stops mid-message (`incompleteMessageTimeout`, default 30 s) and pauses reading while the
 * outgoing buffer is above the socket's high-water mark, dropping the connection past
 * `maxSendBufferBytes` (default 128 MiB). Nest constructs socket classes with the socket only, so
 * other limits come from a subclass: `FerryTcpSocket.configure({ maxMessageBytes: 1 << 20 })`.
 */
import { TcpSocket } from '@nestjs/microservices';
import type { Socket } from 'node:net';

export interface FerryTcpSocketOptions {
  /** Largest message accepted from the peer, in bytes. Default 128 MiB. */
  maxMessageBytes?: number;
  /** Milliseconds a peer may stay silent in the middle of a message; 0 disables. Default 30000. */
  incompleteMessageTimeout?: number;
  /** Largest number of bytes queued for a peer that does not read; 0 disables. Default 128 MiB. */
  maxSendBufferBytes?: number;
}

const HEADER = 4;

export class FerryTcpSocket extends TcpSocket {
  /** Options for sockets made by this class; see `configure`. */
  static readonly options: FerryTcpSocketOptions = {};

  /** A `FerryTcpSocket` subclass with other limits, for `socketClass`. */
  static configure(options: FerryTcpSocketOptions): typeof FerryTcpSocket {
    return class ConfiguredFerryTcpSocket extends FerryTcpSocket {
      static override readonly options = { ...options };
    };
  }

  private readonly maxMessageBytes: number;
  private readonly incompleteMessageTimeout: number;
  private readonly maxSendBufferBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private timer: NodeJS.Timeout | null = null;
  private backpressured = false;

  constructor(socket: Socket) {
    super(socket);
    const o = (new.target as typeof FerryTcpSocket).options;
    this.maxMessageBytes = o.maxMessageBytes ?? 128 * 1024 * 1024;
    this.incompleteMessageTimeout = o.incompleteMessageTimeout ?? 30_000;
    this.maxSendBufferBytes = o.maxSendBufferBytes ?? 128 * 1024 * 1024;
    this.socket.on('close', () => this.clearTimer());
  }

  protected handleSend(message: unknown, callback?: (err?: unknown) => void): void {
    let body: Uint8Array;
    if (message instanceof Uint8Array) body = message;
    else if (typeof message === 'string') body = Buffer.from(message, 'utf8');
    else throw new TypeError('FerryTcpSocket sends bytes: use FerrySerializer (encoding "binary") as the serializer');
    if (body.byteLength > 0xffffffff) throw new RangeError(`Message of ${body.byteLength} bytes is too large for a u32 length`);
    const header = Buffer.allocUnsafe(HEADER);
    header.writeUInt32BE(body.byteLength, 0);
    // Two writes under cork: one packet on the wire, and the body is not copied into a new buffer.
    this.socket.cork();
    this.socket.write(header);
    const flushed = this.socket.write(body, callback);
    this.socket.uncork();
    if (!flushed) this.applyBackpressure();
    const queued = this.socket.writableLength;
    if (this.maxSendBufferBytes > 0 && queued > this.maxSendBufferBytes) {
      this.handleDataError(new Error(`FerryTcpSocket: ${queued} bytes queued for a peer that does not read (max ${this.maxSendBufferBytes})`), { destroy: true });
    }
  }

  protected handleData(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      this.drainMessages();
    } finally {
      this.refreshTimer();
    }
  }

  private drainMessages(): void {
    while (!this.backpressured) {
      if (this.expected < 0) {
        if (this.buffered < HEADER) return;
        const length = this.take(HEADER).readUInt32BE(0);
        if (length > this.maxMessageBytes) {
          this.chunks = [];
          this.buffered = 0;
          throw new Error(`FerryTcpSocket: message of ${length} bytes exceeds maxMessageBytes (${this.maxMessageBytes})`);
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) return;
      const message = this.take(this.expected);
      this.expected = -1;
      this.socket.emit('message', message);
    }
  }

  /** Remove `n` buffered bytes: a view when they sit in one chunk, else one copy. */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafeSlow(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - at);
      out.set(k === c.length ? c : c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  private applyBackpressure(): void {
    if (this.backpressured) return;
    this.backpressured = true;
    this.socket.pause();
    this.socket.once('drain', () => {
      this.backpressured = false;
      this.socket.resume();
      try {
        this.drainMessages();
      } catch (e) {
        this.handleDataError(e);
      } finally {
        this.refreshTimer();
      }
    });
  }

  private refreshTimer(): void {
    this.clearTimer();
    if (!this.incompleteMessageTimeout || (this.buffered === 0 && this.expected < 0)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const pending = this.buffered;
      this.chunks = [];
      this.buffered = 0;
      this.expected = -1;
      this.handleDataError(new Error(`FerryTcpSocket: peer went silent mid-message (${pending} bytes buffered for ${this.incompleteMessageTimeout} ms)`), { destroy: true });
    }, this.incompleteMessageTimeout);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
