// The orchestrator's process handling, with real child processes: ready lines, start failures, and
// that stopping leaves nothing behind — a service that ignores SIGTERM, its own children, and services
// whose orchestrator was killed with SIGKILL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceStartError, Supervisor } from '../src/run/processes.js';
import { parseReadyLine, READY_PREFIX } from '../src/shared/ready.js';

const readyModule = fileURLToPath(new URL('../dist/shared/ready.js', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls (bounded) until `pid` is gone; returns whether it went. */
async function gone(pid: number, withinMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

const nodeService = (name: string, code: string) => ({ name, command: process.execPath, args: ['--input-type=module', '-e', code] });

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stopAll(500);
  supervisor = undefined;
});

describe('ready lines', () => {
  it('round-trips and ignores other output', () => {
    const line = `${READY_PREFIX}${JSON.stringify({ service: 'x', urls: { api: 'http://127.0.0.1:1/api' } })}`;
    expect(parseReadyLine(line)).toEqual({ service: 'x', urls: { api: 'http://127.0.0.1:1/api' } });
    expect(parseReadyLine('listening on 3000')).toBeUndefined();
  });
});

describe('Supervisor', () => {
  it('resolves with the ready message and passes other output to the log', async () => {
    const logged: string[] = [];
    supervisor = new Supervisor((line) => logged.push(line));
    const service = await supervisor.start(
      nodeService('svc', `console.log('hello'); console.log(${JSON.stringify(READY_PREFIX)} + JSON.stringify({ service: 'svc', urls: { a: 'b' } })); setInterval(() => {}, 1000);`),
    );
    expect(service.ready.urls).toEqual({ a: 'b' });
    expect(logged).toContain('[svc] hello');
  });

  it('rejects with the output of a service that exits before it is ready', async () => {
    supervisor = new Supervisor(() => {});
    const error = await supervisor.start(nodeService('broken', `console.error('port 3000 is in use'); process.exit(3);`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toMatch(/broken exited before it was ready \(exit code 3\)/);
    expect((error as Error).message).toContain('port 3000 is in use');
  });

  it('stops a service that ignores SIGTERM, and the children it started', async () => {
    supervisor = new Supervisor(() => {});
    const service = await supervisor.start(
      nodeService(
        'stubborn',
        `import { spawn } from 'node:child_process';
         process.on('SIGTERM', () => {});
         const child = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
         console.log(${JSON.stringify(READY_PREFIX)} + JSON.stringify({ service: 'stubborn', urls: { child: String(child.pid) } }));
         setInterval(() => {}, 1000);`,
      ),
    );
    const pids = [service.child.pid!, Number(service.ready.urls['child'])];
    expect(pids.every(alive)).toBe(true);
    await supervisor.stopAll(300);
    for (const pid of pids) expect(await gone(pid)).toBe(true);
  });

  it('services exit when the orchestrator is killed with SIGKILL (their stdin pipe closes)', async () => {
    // An orchestrator of its own (so it can be SIGKILLed) that starts one supervised service using onShutdown.
    const serviceCode = `import { announceReady, onShutdown } from ${JSON.stringify(readyModule)};
      onShutdown(async () => {}); announceReady({ service: 'svc', urls: { pid: String(process.pid) } }); setInterval(() => {}, 1000);`;
    const orchestratorCode = `import { Supervisor } from ${JSON.stringify(fileURLToPath(new URL('../dist/run/processes.js', import.meta.url)))};
      const s = new Supervisor(() => {});
      const svc = await s.start({ name: 'svc', command: process.execPath, args: ['--input-type=module', '-e', ${JSON.stringify(serviceCode)}] });
      console.log(svc.ready.urls.pid); setInterval(() => {}, 1000);`;
    const orchestrator = spawn(process.execPath, ['--input-type=module', '-e', orchestratorCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(orchestrator.stdout, 'data')) as [Buffer];
    const servicePid = Number(chunk.toString().trim());
    expect(alive(servicePid)).toBe(true);
    orchestrator.kill('SIGKILL');
    expect(await gone(servicePid)).toBe(true);
  });
});
