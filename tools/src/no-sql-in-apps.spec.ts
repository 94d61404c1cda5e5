import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as contracts from '@psp/workflow-contracts';

/**
 * The api, worker and mailer reach the database only through libs/persistence's repositories, so
 * every statement has one home and one typed row: a `.query(` in apps/ fails here, naming file and
 * line. A Temporal workflow query is no statement: it names its definition from
 * libs/workflow-contracts (`handle.query(stepState)`).
 */
const root = resolve(__dirname, '../..');

const WORKFLOW_QUERIES = Object.entries(contracts)
  .filter(([, value]) => (value as { type?: unknown } | null)?.type === 'query')
  .map(([name]) => name);
const WORKFLOW_QUERY_CALL = new RegExp(`\\.query\\((${WORKFLOW_QUERIES.join('|')})\\)`, 'g');

/** The TypeScript files under apps/ but outside the browser app, tests excluded: paths from the repository root. */
function appSources(): string[] {
  return readdirSync(join(root, 'apps'), { recursive: true, encoding: 'utf8' })
    .map((path) => `apps/${path.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.startsWith('apps/web/') && !path.includes('/node_modules/'))
    .sort();
}

/** `file:line: text` for each line of the file that calls `.query(` other than for a workflow query. */
function queryCalls(file: string): string[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.replace(WORKFLOW_QUERY_CALL, '').includes('.query(') ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('no SQL in apps/', () => {
  it('knows the workflow queries, which are not SQL', () => {
    expect(WORKFLOW_QUERIES.sort()).toEqual(['meetingState', 'stepState']);
  });

  it('runs no statement outside libs/persistence', () => {
    const files = appSources();
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(queryCalls)).toEqual([]);
  });
});
