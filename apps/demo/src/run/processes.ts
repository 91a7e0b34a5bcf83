/**
 * Starts the demo's services as child processes and stops them again, leaving nothing behind.
 *
 * Each child runs in its own process group (`detached`), so stopping it signals the whole group —
 * a service that started helpers of its own loses them too. Each child also gets a stdin pipe it
 * never reads: when the orchestrator dies, even by SIGKILL, the pipe closes and the services exit
 * (shared/ready.ts `onShutdown`, python/demo_service.py).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseReadyLine, SUPERVISED_ENV, type ReadyMessage } from '../shared/ready.js';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** How long to wait for the ready line (default 60 s). */
  readyTimeoutMs?: number;
}

export interface RunningService {
  name: string;
  ready: ReadyMessage;
  child: ChildProcess;
  /** Lines the service printed (its last 200). */
  output: string[];
}

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

export class Supervisor {
  private readonly services: RunningService[] = [];
  private readonly children = new Set<ChildProcess>();
  /** Every process group leader this supervisor started, running or not. */
  readonly startedPids: number[] = [];

  /** `log` receives every line the services print, prefixed by their name. */
  constructor(private readonly log: (line: string) => void) {}

  start(spec: ServiceSpec): Promise<RunningService> {
    const child = spawn(spec.command, spec.args, {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.env, [SUPERVISED_ENV]: '1' },
    });
    this.children.add(child);
    if (child.pid !== undefined) this.startedPids.push(child.pid);
    child.once('exit', () => this.children.delete(child));
    const output: string[] = [];
    const remember = (line: string) => {
      output.push(line);
      if (output.length > 200) output.shift();
    };
    createInterface({ input: child.stderr! }).on('line', (line) => {
      remember(line);
      this.log(`[${spec.name}] ${line}`);
    });

    return new Promise<RunningService>((resolve, reject) => {
      const timeoutMs = spec.readyTimeoutMs ?? 60_000;
      const timer = setTimeout(() => fail(`did not report ready within ${timeoutMs / 1000} s`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new ServiceStartError(`${spec.name} ${why}\n${output.slice(-20).join('\n')}`));
      };
      child.once('error', (error) => fail(`could not be started (${spec.command}): ${error.message}`));
      child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `exit code ${code}`})`));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = parseReadyLine(line);
        if (ready === undefined) {
          remember(line);
          this.log(`[${spec.name}] ${line}`);
          return;
        }
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.once('exit', () => this.children.delete(child));
        const service: RunningService = { name: spec.name, ready, child, output };
        this.services.push(service);
        resolve(service);
      });
    });
  }

  /** SIGTERM to every service's process group, SIGKILL to those still there after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const alive = [...this.children];
    await Promise.all(alive.map((child) => stopGroup(child, graceMs)));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL'); // the leader exited; make sure nothing it started lingers
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL');
  if (outcome === 'timeout') await exited;
}
