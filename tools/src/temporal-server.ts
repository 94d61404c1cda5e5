import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { startProcess, waitFor, type ManagedProcess } from './processes';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | undefined;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  uiPort?: number;
  /** SQLite file that keeps workflows and timers across restarts; in memory when absent. */
  dbFile?: string;
  quiet?: boolean;
}

/** Starts `temporal server start-dev` on loopback and waits until it answers gRPC. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn', '--namespace', 'default'];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const proc = startProcess('temporal', options.cliPath, args, { quiet: options.quiet ?? false });
  const address = `127.0.0.1:${options.port}`;
  await waitFor(
    'Temporal dev server',
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
      } finally {
        await connection.close();
      }
    },
    60_000,
    proc.exited,
  );
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    process: proc,
    stop: () => proc.stop('SIGTERM', 15_000),
  };
}
