import { createDataSource, PREPARED_PER_CONNECTION, preparedStatementName } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/services';

/**
 * The application's connections prepare each statement they run with parameters once, and keep at
 * most PREPARED_PER_CONNECTION of them (libs/persistence/src/prepared-statements.ts).
 */
describe('prepared statements', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  /** The statements this session holds prepared, by name. */
  const preparedHere = async (tx: EntityManager): Promise<Map<string, string>> => {
    const rows: { name: string; statement: string }[] = await tx.query(`SELECT name, statement FROM pg_prepared_statements`);
    return new Map(rows.map((r) => [r.name, r.statement]));
  };

  it('prepares a statement with parameters once per connection, under a name its text decides, and answers as before', async () => {
    const text = `SELECT $1::int + 1 AS n`;
    await db.appDataSource.transaction(async (tx) => {
      expect(await tx.query(text, [1])).toEqual([{ n: 2 }]);
      expect(await tx.query(text, [41])).toEqual([{ n: 42 }]);
      const prepared = await preparedHere(tx);
      expect(prepared.get(preparedStatementName(text))).toBe(text);
      expect([...prepared.values()].filter((s) => s === text)).toHaveLength(1);
    });
  });

  it('sends a statement without parameters as before: not prepared, and several statements in one text still run', async () => {
    await db.appDataSource.transaction(async (tx) => {
      await tx.query(`SELECT 1; SELECT 2`);
      const prepared = await preparedHere(tx);
      expect([...prepared.values()].some((s) => s.includes('SELECT 2'))).toBe(false);
    });
  });

  it('answers a statement the server rejects with its error, and prepares it once it is valid', async () => {
    const text = `SELECT $1::int AS n FROM prepared_statements_not_yet_there`;
    await expect(db.appDataSource.query(text, [1])).rejects.toThrow(/does not exist/);
    await db.dataSource.query(`CREATE TABLE prepared_statements_not_yet_there (x int); INSERT INTO prepared_statements_not_yet_there VALUES (1); GRANT SELECT ON prepared_statements_not_yet_there TO psp_app`);
    await db.appDataSource.transaction(async (tx) => {
      expect(await tx.query(text, [7])).toEqual([{ n: 7 }]);
      expect((await preparedHere(tx)).get(preparedStatementName(text))).toBe(text);
    });
  });

  it(`keeps at most ${PREPARED_PER_CONNECTION} statements prepared on one connection; beyond that they run unprepared, with the right answers`, async () => {
    const fresh = await createDataSource({ url: db.url, poolSize: 1 }, 'psp-test-prepared').initialize();
    try {
      for (let i = 0; i < PREPARED_PER_CONNECTION + 20; i++) {
        expect(await fresh.query(`SELECT $1::int * ${i} AS n`, [2])).toEqual([{ n: 2 * i }]);
      }
      const prepared = await preparedHere(fresh.manager);
      expect(prepared.size).toBe(PREPARED_PER_CONNECTION);
      expect(prepared.has(preparedStatementName(`SELECT $1::int * ${PREPARED_PER_CONNECTION - 1} AS n`))).toBe(true);
      expect(prepared.has(preparedStatementName(`SELECT $1::int * ${PREPARED_PER_CONNECTION} AS n`))).toBe(false);
    } finally {
      await fresh.destroy();
    }
  });
});
