import { randomBytes } from 'node:crypto';
import { appendAccessLog, checkpointSignature, verifyAccessLog, type AccessLogEntry } from '@psp/persistence';
import { createTestDatabase, type TestDatabase } from './support/services';

const KEY = randomBytes(32);

const entry = (i: number, over: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  actor: { userId: '6f1d2c8e-3b8a-4b7e-9a55-1f0e2d3c4b5a', username: 'koordinator.politi', authorityId: null, roles: ['COORDINATOR'] },
  action: 'READ',
  resourceType: 'Fokusperson',
  resourceId: `r-${i}`,
  purpose: 'PSP_CASE_PREPARATION',
  outcome: 'ALLOWED',
  requestId: `req-${i}`,
  ...over,
});

/** The access log in SQL: append-only for the application role and for everyone, chained, verifiable. */
describe('access log (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('chains rows and verifies OK', async () => {
    for (let i = 0; i < 5; i++) await db.appDataSource.transaction((tx) => appendAccessLog(tx, entry(i)));
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, [entry(5), entry(6, { outcome: 'DENIED', detail: 'not a forum member' })]));
    const result = await verifyAccessLog(db.appDataSource, KEY);
    expect(result).toMatchObject({ ok: true, rows: 7, fromSeq: 1, toSeq: 7 });
  });

  it('rolls the log row back with the transaction it belongs to', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`))[0].n;
    await expect(
      db.appDataSource.transaction(async (tx) => {
        await appendAccessLog(tx, entry(99));
        throw new Error('the data write failed');
      }),
    ).rejects.toThrow('the data write failed');
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`))[0].n).toBe(before);
    expect((await verifyAccessLog(db.appDataSource, KEY)).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the application role', async () => {
    await expect(db.appDataSource.query(`UPDATE access_log SET purpose = 'X' WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.appDataSource.query(`DELETE FROM access_log WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.appDataSource.query(`TRUNCATE access_log`)).rejects.toThrow(/permission denied/);
    await expect(db.appDataSource.query(`UPDATE access_log_head SET seq = 0`)).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the owner too (trigger)', async () => {
    await expect(db.dataSource.query(`UPDATE access_log SET purpose = 'X' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM access_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain under 50 concurrent writers', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`))[0].n;
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.appDataSource.transaction((tx) => appendAccessLog(tx, entry(100 + i)))));
    const result = await verifyAccessLog(db.appDataSource, KEY);
    expect(result).toMatchObject({ ok: true, rows: before + 50 });
    const [{ forks }] = await db.dataSource.query(`SELECT count(*) - count(DISTINCT prev_hash) AS forks FROM access_log`);
    expect(Number(forks)).toBe(0);
  });

  it('prunes old rows behind a signed checkpoint, and the rest still verifies', async () => {
    const [{ seq, hash }] = await db.dataSource.query(`SELECT seq, hash FROM access_log WHERE seq = 3`);
    const cutoff = new Date(Date.now() + 1000).toISOString();
    const [{ n }] = await db.appDataSource.query(`SELECT access_log_prune($1, $2, $3) AS n`, [seq, cutoff, checkpointSignature(KEY, seq, hash)]);
    expect(Number(n)).toBe(3);
    const result = await verifyAccessLog(db.appDataSource, KEY);
    expect(result).toMatchObject({ ok: true, fromSeq: 4, checkpoint: 3 });
    // A checkpoint signed with another key is not trusted.
    expect(await verifyAccessLog(db.appDataSource, randomBytes(32))).toMatchObject({ ok: false, reason: expect.stringMatching(/checkpoint signature/) });
  });

  it('names the row a superuser altered behind the triggers', async () => {
    await db.dataSource.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    try {
      await db.dataSource.query(`UPDATE access_log SET purpose = 'CRIMINAL_INVESTIGATION' WHERE seq = 10`);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
    const [{ id }] = await db.dataSource.query(`SELECT id::text FROM access_log WHERE seq = 10`);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: false, brokenSeq: 10, brokenId: id, reason: expect.stringMatching(/altered/) });
  });

  it('names a row a superuser deleted', async () => {
    await db.dataSource.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    try {
      await db.dataSource.query(`DELETE FROM access_log WHERE seq IN (9, 10)`);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: false, brokenSeq: 11, reason: expect.stringMatching(/row 9 is missing/) });
  });
});
