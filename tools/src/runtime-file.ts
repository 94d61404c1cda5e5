import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running `npm start` tells the other tools (token, migrate) about where things are. */
export interface RuntimeInfo {
  pid: number;
  /** The application login's URL (what the api and worker use). */
  databaseUrl: string;
  /** The owner login's URL (migrations). */
  ownerDatabaseUrl: string;
  temporalAddress: string;
  apiUrl: string;
}

const file = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(file(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function readRuntime(dataDir: string): RuntimeInfo | undefined {
  return existsSync(file(dataDir)) ? (JSON.parse(readFileSync(file(dataDir), 'utf8')) as RuntimeInfo) : undefined;
}

export function removeRuntime(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}
