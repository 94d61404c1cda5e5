import { readRuntime } from './runtime-file';

/** Runs a command-line tool: what `main` returns is the exit code; a thrown error is one line naming the tool, exit code 1. */
export function runTool(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** DATABASE_URL, or the application login of the `npm start` running on `dataDir`; says what to do when there is neither. */
export function applicationDatabaseUrl(dataDir: string): string | undefined {
  const url = process.env['DATABASE_URL'] ?? readRuntime(dataDir)?.databaseUrl;
  if (!url) process.stderr.write('No database: set DATABASE_URL, or start the system with "npm start".\n');
  return url;
}
