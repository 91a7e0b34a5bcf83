// Node client for the Ferry cross-language test peers (pyfory / Java fory-core).
// Plain ESM, Node >= 18, no dependencies. See peers/README.md for the protocol.
//
//   import { startPeer } from '../../peers/client.mjs';
//   const py = await startPeer('python');
//   const r = await py.request({ op: 'write', value: { t: 'string', v: 'hi' } });
//   await py.close();

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (the directory holding peers/). */
export const REPO = path.resolve(HERE, '..');
/** Where setup.sh puts the venv and the built jar. */
export const PEER_CACHE = path.join(REPO, '.cache', 'peers');
export const DEFAULT_TIMEOUT_MS = 30_000;
const STDERR_KEEP = 64 * 1024;

/**
 * The command line used to start a peer. options.python, or the environment variables
 * FERRY_PEER_PYTHON / FERRY_PEER_JAVA_HOME, override the interpreter (used to compare
 * runtime versions, e.g. another venv with a different pyfory).
 */
export function peerCommand(kind, options = {}) {
  if (kind === 'python') {
    const python =
      options.python || process.env.FERRY_PEER_PYTHON || path.join(PEER_CACHE, 'venv', 'bin', 'python');
    return { command: python, args: ['-u', path.join(HERE, 'python', 'peer.py')], needs: [python] };
  }
  if (kind === 'java') {
    const jar = path.join(PEER_CACHE, 'java', 'ferry-java-peer.jar');
    const javaHome = process.env.FERRY_PEER_JAVA_HOME;
    const java = javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
    return {
      command: java,
      args: ['-Xmx1g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar],
      needs: [jar],
    };
  }
  throw new TypeError(`startPeer: unknown peer kind ${JSON.stringify(kind)} (expected 'python' or 'java')`);
}

function truncate(s, n = 300) {
  return s.length > n ? `${s.slice(0, n)}... (${s.length} chars)` : s;
}

class PeerImpl {
  constructor(kind, child, timeoutMs) {
    this.kind = kind;
    this.child = child;
    this.pid = child.pid;
    this.timeoutMs = timeoutMs;
    this.info = null;
    this._pending = new Map();
    this._nextId = 1;
    this._stderr = '';
    this._exit = null; // { code, signal } once exited
    this._closing = null;
    this._protocolErrors = [];

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      this._stderr += chunk;
      if (this._stderr.length > STDERR_KEEP) this._stderr = this._stderr.slice(-STDERR_KEEP);
    });
    const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
    rl.on('line', (line) => this._onLine(line));
    child.stdin.on('error', () => {
      /* EPIPE after the peer died: reported through 'exit' */
    });
    child.on('exit', (code, signal) => this._onExit(code, signal));
    child.on('error', (err) => this._onExit(null, null, err));
    this._updateRef();
  }

  /** The last ~64 KiB the peer wrote to stderr. */
  stderr() {
    return this._stderr;
  }

  _stderrBlock(since = 0) {
    const s = this._stderr.slice(since).trim();
    return s ? `\n--- ${this.kind} peer stderr ---\n${s.length > 8000 ? `...${s.slice(-8000)}` : s}` : '';
  }

  _updateRef() {
    const busy = this._pending.size > 0;
    for (const h of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      if (!h) continue;
      if (busy && typeof h.ref === 'function') h.ref();
      if (!busy && typeof h.unref === 'function') h.unref();
    }
  }

  _onLine(line) {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      this._protocolErrors.push(line);
      this._failAll(new Error(`${this.kind} peer wrote a non-JSON line on stdout: ${truncate(line)}${this._stderrBlock()}`));
      return;
    }
    const p = this._pending.get(msg.id);
    if (!p) {
      if (msg.id === null || msg.id === undefined) {
        this._failAll(new Error(`${this.kind} peer answered without an id: ${truncate(line)}${this._stderrBlock()}`));
      }
      return; // late answer to a timed-out request
    }
    this._settle(msg.id);
    if (msg.ok === false) {
      const extra = this._stderr.slice(p.stderrMark).trim();
      if (extra) msg.stderr = extra;
    }
    p.resolve(msg);
  }

  _settle(id) {
    const p = this._pending.get(id);
    if (p) {
      clearTimeout(p.timer);
      this._pending.delete(id);
      this._updateRef();
    }
    return p;
  }

  _failAll(err) {
    for (const [id, p] of [...this._pending]) {
      this._settle(id);
      p.reject(err);
    }
  }

  _onExit(code, signal, spawnError) {
    if (this._exit) return;
    this._exit = { code, signal, error: spawnError };
    const why = spawnError
      ? `could not be started: ${spawnError.message}`
      : `exited (code ${code}, signal ${signal})`;
    this._failAll(new Error(`${this.kind} peer ${why}${this._stderrBlock()}`));
    this._updateRef();
  }

  /**
   * Sends one request and resolves with the peer's response object (ok true or false).
   * Rejects on timeout, if the peer dies, or on protocol errors; the Error message carries the
   * peer's stderr.
   */
  request(obj, { timeoutMs = this.timeoutMs } = {}) {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return Promise.reject(new TypeError('request(obj): obj must be a plain object with an "op"'));
    }
    if (this._exit || this._closing) {
      const why = this._exit ? `has exited (code ${this._exit.code}, signal ${this._exit.signal})` : 'is closing';
      return Promise.reject(new Error(`${this.kind} peer ${why}${this._stderrBlock()}`));
    }
    const id = this._nextId++;
    const line = JSON.stringify({ ...obj, id });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this._settle(id)) return;
        reject(
          new Error(
            `${this.kind} peer: request #${id} (op ${obj.op}) timed out after ${timeoutMs} ms; request: ${truncate(line)}${this._stderrBlock()}`,
          ),
        );
      }, timeoutMs);
      this._pending.set(id, { resolve, reject, timer, stderrMark: this._stderr.length });
      this._updateRef();
      this.child.stdin.write(`${line}\n`, (err) => {
        if (!err) return;
        // Usually the peer died: give the 'exit' event a moment to report code + stderr.
        setTimeout(() => {
          if (this._settle(id)) {
            reject(new Error(`${this.kind} peer: cannot write request: ${err.message}${this._stderrBlock()}`));
          }
        }, 500).unref();
      });
    });
  }

  /**
   * {op:'config'} convenience. Other keys (schemaVersion, namespace, omitTypes, dottedNames) are
   * passed through when given.
   */
  config({ ref = false, compatible = true, maxDepth, ...rest } = {}) {
    const req = { op: 'config', ref, compatible };
    if (maxDepth !== undefined) req.maxDepth = maxDepth;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) req[k] = v;
    return this.request(req);
  }

  /** {op:'write'} convenience; opts.oob: out-of-band mode (README "Out-of-band buffers"). */
  write(value, { oob } = {}) {
    const req = { op: 'write', value };
    if (oob !== undefined) req.oob = oob;
    return this.request(req);
  }

  /**
   * {op:'read'} convenience; expect is optional. opts.buffers (hex strings; present even if empty
   * = the buffers-taking deserialize), opts.reserializeOob (mode for the re-serialization).
   */
  read(hex, expect, { buffers, reserializeOob } = {}) {
    const req = expect === undefined ? { op: 'read', hex } : { op: 'read', hex, expect };
    if (buffers !== undefined) req.buffers = buffers;
    if (reserializeOob !== undefined) req.reserializeOob = reserializeOob;
    return this.request(req);
  }

  /** {op:'roundtrip'} convenience; opts.oob / opts.reserializeOob as for write / read. */
  roundtrip(value, { oob, reserializeOob } = {}) {
    const req = { op: 'roundtrip', value };
    if (oob !== undefined) req.oob = oob;
    if (reserializeOob !== undefined) req.reserializeOob = reserializeOob;
    return this.request(req);
  }

  /** Closes stdin, waits up to 5 s for the peer to exit, then kills it. Idempotent. */
  close() {
    if (this._closing) return this._closing;
    this._closing = new Promise((resolve) => {
      if (this._exit) {
        resolve();
        return;
      }
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      this.child.ref();
      this.child.stdin.end();
    });
    this._failAll(new Error(`${this.kind} peer closed while the request was pending`));
    return this._closing;
  }
}

const live = new Set();
let exitHookInstalled = false;

/**
 * Starts a peer process and waits for its 'hello' answer.
 * @param {'python'|'java'} kind
 * @param {{timeoutMs?: number, env?: Record<string,string>, python?: string}} [options]
 */
export async function startPeer(kind, options = {}) {
  const { command, args, needs } = peerCommand(kind, options);
  for (const f of needs) {
    if (path.isAbsolute(f) && !existsSync(f)) {
      throw new Error(`${kind} peer is not built: ${f} is missing. Run: bash ${path.join(HERE, 'setup.sh')}`);
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawn(command, args, {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
    // PYTHONHASHSEED=0: set iteration order (and so pyfory's set bytes) is stable across runs.
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      PYTHONHASHSEED: process.env.PYTHONHASHSEED ?? '0',
      ...(options.env || {}),
    },
  });
  const peer = new PeerImpl(kind, child, timeoutMs);
  live.add(peer);
  child.on('exit', () => live.delete(peer));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const p of live) {
        try {
          p.child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  }
  let hello;
  try {
    hello = await peer.request({ op: 'hello' }, { timeoutMs: Math.max(timeoutMs, 60_000) });
  } catch (err) {
    peer.close();
    throw new Error(`${kind} peer failed to start (${command} ${args.join(' ')}): ${err.message}`);
  }
  if (!hello.ok) {
    await peer.close();
    throw new Error(`${kind} peer refused hello: ${hello.error}${peer._stderrBlock()}`);
  }
  peer.info = hello;
  return peer;
}
