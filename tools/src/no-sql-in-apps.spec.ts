import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The api, worker and mailer reach the database only through libs/persistence's repositories, so
 * every statement has one home and one typed row: a `.query(` in apps/ fails here, naming file and line.
 */
const root = resolve(__dirname, '../..');

/**
 * What is left of issue 13, item 1: files whose SQL is still to move into libs/persistence. The
 * list only shrinks: a file that no longer runs SQL must leave it, and no file may join it.
 */
const NOT_YET_CONVERTED: string[] = [];

/** The TypeScript files under apps/ but outside the browser app, tests excluded: paths from the repository root. */
function appSources(): string[] {
  return readdirSync(join(root, 'apps'), { recursive: true, encoding: 'utf8' })
    .map((path) => `apps/${path.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.startsWith('apps/web/') && !path.includes('/node_modules/'))
    .sort();
}

/** `file:line: text` for each line of the file that calls `.query(`. */
function queryCalls(file: string): string[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.includes('.query(') ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('no SQL in apps/', () => {
  it('runs no statement outside libs/persistence', () => {
    const files = appSources();
    expect(files.length).toBeGreaterThan(50);
    const calls = files.filter((file) => !NOT_YET_CONVERTED.includes(file)).flatMap(queryCalls);
    expect(calls).toEqual([]);
  });

  it('lists only files that still run SQL', () => {
    const files = appSources();
    const done = NOT_YET_CONVERTED.filter((file) => !files.includes(file) || queryCalls(file).length === 0);
    // Take these off NOT_YET_CONVERTED: they no longer call `.query(`.
    expect(done).toEqual([]);
  });
});
