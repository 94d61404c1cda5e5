import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Children still running; whatever is left when this process exits is told to stop too. */
const live = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.on('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  // A script that dies before its `finally` (process.exit in a catch) would otherwise leave its
  // PostgreSQL, Temporal or api running: they are in their own process groups.
  process.on('exit', () => {
    for (const c of live) {
      try {
        c.kill('SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

/** Spawns a child whose output is prefixed with its name, and that can be stopped and awaited. */
export function startProcess(name: string, command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): ManagedProcess {
  // Own process group: a terminal's Ctrl-C reaches only the parent, which stops children in order.
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  track(child);
  const prefix = (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  if (!options.quiet) {
    child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
    child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.on('error', () => resolve('spawn-error'));
  });
  return {
    name,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `check` succeeds, or fails with the last error after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<unknown>, timeoutMs: number, died?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void died?.then(() => (dead = true));
  let last: unknown;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited before it was ready`);
    try {
      await check();
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s: ${last instanceof Error ? last.message : String(last)}`);
}

/** Resolves when something accepts TCP connections on host:port. */
export function tcpOpen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (err) => {
      socket.destroy();
      reject(err);
    });
  });
}

function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * An unused TCP port on the loopback interface. With a range, one below the kernel's ephemeral
 * range, where servers that pick "a random free port" themselves (the Temporal dev server's HTTP
 * and metrics ports) will not take it before we bind it.
 */
export async function freePort(range?: { from: number; to: number }): Promise<number> {
  if (!range) {
    const port = await tryPort(0);
    if (port === undefined) throw new Error('no free port');
    return port;
  }
  for (let i = 0; i < 200; i++) {
    const port = await tryPort(range.from + Math.floor(Math.random() * (range.to - range.from)));
    if (port !== undefined) return port;
  }
  throw new Error(`no free port in ${range.from}-${range.to}`);
}
