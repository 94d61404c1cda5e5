import { randomUUID } from 'node:crypto';
import { AccessLogAppender, verifyAccessLog, type AccessLogEntry } from '@psp/persistence';
import { testLogEntry } from './support/access-log-entry';
import { testAnchors } from './support/anchors';
import { createTestDatabase, type TestDatabase } from './support/services';

/**
 * Reads' access-log rows are appended in statements shared by the requests waiting at the same
 * time (AccessLogAppender): each request learns only of its own rows, and only once they have
 * committed; a request whose rows cannot be written fails alone.
 */
describe('the access log appender', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  /** n entries of one test run, told apart by a request id unique to the run. */
  const entries = (n: number, over: Partial<AccessLogEntry> = {}): AccessLogEntry[] => {
    const run = randomUUID();
    return Array.from({ length: n }, (_, i) => testLogEntry(i, { requestId: `${run}-${i}`, ...over }));
  };

  /** The transactions that wrote the rows of these requests, in order, with their rows' request ids. */
  const statements = async (requestIds: string[]): Promise<string[][]> => {
    const rows: { xid: string; ids: string[] }[] = await db.dataSource.query(
      `SELECT xmin::text AS xid, array_agg(request_id ORDER BY seq) AS ids FROM access_log WHERE request_id = ANY($1) GROUP BY xmin::text ORDER BY min(seq)`,
      [requestIds],
    );
    return rows.map((r) => r.ids);
  };

  it('writes the first request at once and every request that waited meanwhile in one shared statement', async () => {
    const sizes: number[] = [];
    const appender = new AccessLogAppender(db.appDataSource.manager, { concurrency: 1, maxRows: 64, onAppend: (n) => sizes.push(n) });
    const all = entries(20);
    await Promise.all(all.map((e) => appender.append([e])));
    const ids = all.map((e) => e.requestId as string);
    expect(await statements(ids)).toEqual([ids.slice(0, 1), ids.slice(1)]);
    expect(sizes).toEqual([1, 19]);
  });

  it('writes at most maxRows rows in one statement, and keeps a request’s rows together', async () => {
    const appender = new AccessLogAppender(db.appDataSource.manager, { concurrency: 1, maxRows: 4 });
    const all = entries(12);
    const ids = all.map((e) => e.requestId as string);
    // Requests of 1, then 3, 3, 2, 2, 1 rows: after the first, 3 fit, then 3 (the next 2 would be 5), then 2 + 2, then 1.
    const requests = [all.slice(0, 1), all.slice(1, 4), all.slice(4, 7), all.slice(7, 9), all.slice(9, 11), all.slice(11)];
    await Promise.all(requests.map((r) => appender.append(r)));
    expect(await statements(ids)).toEqual([ids.slice(0, 1), ids.slice(1, 4), ids.slice(4, 7), ids.slice(7, 11), ids.slice(11)]);
  });

  it('fails only the request whose row cannot be written: the others sharing its statement are written', async () => {
    const appender = new AccessLogAppender(db.appDataSource.manager, { concurrency: 1, maxRows: 64 });
    const all = entries(4);
    const refused = all[2]!.requestId as string;
    await db.dataSource.query(`ALTER TABLE access_log ADD CONSTRAINT test_refuse_appender_row CHECK (request_id IS DISTINCT FROM '${refused}') NOT VALID`);
    try {
      const outcomes = await Promise.allSettled(all.map((e) => appender.append([e])));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log DROP CONSTRAINT test_refuse_appender_row`);
    }
    const written = (await statements(all.map((e) => e.requestId as string))).flat();
    expect(written.sort()).toEqual(all.map((e) => e.requestId as string).filter((id) => id !== refused).sort());
    expect((await verifyAccessLog(db.appDataSource, testAnchors())).ok).toBe(true);
  });

  it('settles at once for no rows, and runs appends side by side up to its concurrency', async () => {
    const appender = new AccessLogAppender(db.appDataSource.manager, { concurrency: 3, maxRows: 64 });
    await expect(appender.append([])).resolves.toBeUndefined();
    const all = entries(9);
    await Promise.all(all.map((e) => appender.append([e])));
    const ids = all.map((e) => e.requestId as string);
    // Three go at once, each alone; the six that waited go in the appends that follow.
    const written = await statements(ids);
    for (const first of ids.slice(0, 3)) expect(written.find((s) => s.includes(first))).toEqual([first]);
    expect(written.flat().sort()).toEqual([...ids].sort());
    expect(written.length).toBeLessThan(9);
  });
});
