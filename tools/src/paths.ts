import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root, found from this file whether it runs from tools/src or dist/tools/src. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'psp-koordinering') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the psp-koordinering repository root');
    dir = parent;
  }
}

/** Where the embedded default keeps its state (git-ignored): PostgreSQL data, Temporal's database, keys. */
export function dataDir(): string {
  return resolve(process.env['PSP_DATA_DIR'] ?? join(repoRoot(), '.data'));
}
