import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAccessLog, checkpointSignature, verifyAccessLog } from '@psp/persistence';
import { backdateAccessLog, testLogEntry } from './support/access-log-entry';
import { createTestDatabase, type TestDatabase } from './support/services';

/** The verifier's trust: the anchor public key and an (empty: no anchor yet) anchor directory. */
const PAIR = generateKeyPairSync('ed25519');
const KEY = { publicKey: PAIR.publicKey, dir: mkdtempSync(join(tmpdir(), 'psp-access-log-anchors-')) };


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
    for (let i = 0; i < 5; i++) await db.appDataSource.transaction((tx) => appendAccessLog(tx, testLogEntry(i)));
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, [testLogEntry(5), testLogEntry(6, { outcome: 'DENIED', detail: 'not a forum member' })]));
    const result = await verifyAccessLog(db.appDataSource, KEY);
    expect(result).toMatchObject({ ok: true, rows: 7, chains: 16, checkpoints: 0 });
  });

  it('rolls the log row back with the transaction it belongs to', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`))[0].n;
    await expect(
      db.appDataSource.transaction(async (tx) => {
        await appendAccessLog(tx, testLogEntry(99));
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
    await expect(db.appDataSource.query(`UPDATE access_log_head SET chain_seq = 0`)).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the owner too (trigger)', async () => {
    await expect(db.dataSource.query(`UPDATE access_log SET purpose = 'X' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM access_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain under 50 concurrent writers', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`))[0].n;
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.appDataSource.transaction((tx) => appendAccessLog(tx, testLogEntry(100 + i)))));
    const result = await verifyAccessLog(db.appDataSource, KEY);
    expect(result).toMatchObject({ ok: true, rows: before + 50 });
    const [{ forks }] = await db.dataSource.query(`SELECT count(*) - count(DISTINCT (chain, prev_hash)) AS forks FROM access_log`);
    expect(Number(forks)).toBe(0);
    // The writers spread over several chains (one per database session).
    const [{ chains }] = await db.dataSource.query(`SELECT count(DISTINCT chain)::int AS chains FROM access_log`);
    expect(chains).toBeGreaterThan(1);
  });

  it('verifies while rows are being appended: one snapshot of heads and rows, so an append meanwhile is not half seen', async () => {
    let writing = true;
    let n = 1000;
    const writers = Array.from({ length: 6 }, async () => {
      while (writing) await db.appDataSource.transaction((tx) => appendAccessLog(tx, testLogEntry(n++)));
    });
    try {
      for (let i = 0; i < 15; i++) expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: true });
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('prunes the rows older than 13 months behind a signed checkpoint, and the rest still verifies', async () => {
    const [last] = await db.dataSource.query(`SELECT chain, chain_seq, hash FROM access_log ORDER BY chain_seq DESC, chain LIMIT 1`);
    const upto = Number(last.chain_seq) - 1;
    // All but the chain's last row written 14 months ago; the last one 12 months ago, and every other chain's today.
    await backdateAccessLog(db.dataSource, last.chain, [...Array(upto).fill(14), 12]);
    const [{ hash }] = await db.dataSource.query(`SELECT hash FROM access_log WHERE chain = $1 AND chain_seq = $2`, [last.chain, upto]);
    // The function prunes what the database's retention says and reports; the holder of the anchor key signs it.
    const n = await db.appDataSource.transaction(async (tx) => {
      const reports = await tx.query(`SELECT chain, chain_seq::text, hash, pruned_before_us, pruned_rows::text FROM access_log_prune()`);
      expect(reports).toHaveLength(1);
      const [reported] = reports;
      expect([reported.chain, Number(reported.chain_seq)]).toEqual([last.chain, upto]);
      expect(reported.hash).toEqual(hash);
      const signature = checkpointSignature(PAIR.privateKey, { chain: reported.chain, chainSeq: reported.chain_seq, hash: reported.hash, prunedBeforeUs: reported.pruned_before_us, prunedRows: reported.pruned_rows });
      await tx.query(`SELECT access_log_checkpoint_sign($1::smallint, $2, $3)`, [reported.chain, reported.chain_seq, signature]);
      return reported.pruned_rows;
    });
    expect(Number(n)).toBe(upto);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: true, checkpoints: 1 });
    // A checkpoint signed with another key is not trusted.
    expect(await verifyAccessLog(db.appDataSource, { ...KEY, publicKey: generateKeyPairSync('ed25519').publicKey })).toMatchObject({
      ok: false,
      chain: last.chain,
      reason: expect.stringMatching(/checkpoint .* invalid signature/),
    });
    // Signed once: the application role cannot re-sign it.
    await expect(db.appDataSource.query(`SELECT access_log_checkpoint_sign($1::smallint, $2, $3)`, [last.chain, upto, Buffer.alloc(64)])).rejects.toThrow(/already signed/);
  });

  const asSuperuserBehindTheTrigger = async (sql: string, params: unknown[]) => {
    await db.dataSource.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    try {
      await db.dataSource.query(sql, params);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
  };
  const lastRowOfLongestChain = async () =>
    (await db.dataSource.query(`SELECT seq::int, id::text, chain, chain_seq::int FROM access_log ORDER BY chain_seq DESC, chain LIMIT 1`))[0];

  it('names the row a superuser altered behind the triggers', async () => {
    const row = await lastRowOfLongestChain();
    await asSuperuserBehindTheTrigger(`UPDATE access_log SET purpose = 'CRIMINAL_INVESTIGATION' WHERE seq = $1`, [row.seq]);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: false, chain: row.chain, brokenSeq: row.seq, brokenId: row.id, reason: expect.stringMatching(/altered/) });
    await asSuperuserBehindTheTrigger(`UPDATE access_log SET purpose = 'PSP_CASE_PREPARATION' WHERE seq = $1`, [row.seq]);
    expect((await verifyAccessLog(db.appDataSource, KEY)).ok).toBe(true);
  });

  it('writes a use of many persons as one row naming each once, its hash covering the list: a person taken out behind the triggers is caught', async () => {
    const persons = Array.from({ length: 500 }, () => randomUUID());
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, testLogEntry(400, { resourceType: 'CaseList', fokuspersonIds: [...persons, persons[0]!] })));
    const rows = await db.dataSource.query(`SELECT seq::int, chain, fokusperson_id, fokusperson_ids::text[] AS ids FROM access_log WHERE request_id = 'req-400'`);
    expect(rows).toEqual([expect.objectContaining({ fokusperson_id: null, ids: persons })]);
    expect((await verifyAccessLog(db.appDataSource, KEY)).ok).toBe(true);
    await asSuperuserBehindTheTrigger(`UPDATE access_log SET fokusperson_ids = fokusperson_ids[2:] WHERE seq = $1`, [rows[0].seq]);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: false, chain: rows[0].chain, brokenSeq: rows[0].seq, reason: expect.stringMatching(/altered/) });
    await asSuperuserBehindTheTrigger(`UPDATE access_log SET fokusperson_ids = $2 WHERE seq = $1`, [rows[0].seq, persons]);
    expect((await verifyAccessLog(db.appDataSource, KEY)).ok).toBe(true);
  });

  it('keeps a use of one person in the shape every row had, and refuses a row that names a person in both shapes or a list of one', async () => {
    const [one, two] = [randomUUID(), randomUUID()];
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, testLogEntry(401, { fokuspersonIds: [one] })));
    expect(await db.dataSource.query(`SELECT fokusperson_id::text, fokusperson_ids FROM access_log WHERE request_id = 'req-401'`)).toEqual([{ fokusperson_id: one, fokusperson_ids: null }]);
    const insert = (fokuspersonId: string | null, ids: string[]) =>
      db.appDataSource.query(
        `INSERT INTO access_log (actor_username, actor_roles, action, resource_type, purpose, outcome, fokusperson_id, fokusperson_ids) VALUES ('x', '{}', 'READ', 'CaseList', 'PSP_COORDINATION', 'ALLOWED', $1, $2)`,
        [fokuspersonId, ids],
      );
    await expect(insert(one, [one, two])).rejects.toThrow(/access_log_entities_one_shape/);
    await expect(insert(null, [one])).rejects.toThrow(/access_log_entities_one_shape/);
    expect((await verifyAccessLog(db.appDataSource, KEY)).ok).toBe(true);
  });

  it('names the row after one a superuser deleted, and a deleted tail', async () => {
    // One transaction writes through one session, so these three rows follow each other in one chain.
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, [testLogEntry(300), testLogEntry(301), testLogEntry(302)]));
    const byRequest = async (requestId: string) =>
      (await db.dataSource.query(`SELECT seq::int, id::text, chain, chain_seq::int FROM access_log WHERE request_id = $1`, [requestId]))[0];
    const [middle, tail] = [await byRequest('req-301'), await byRequest('req-302')];
    expect([middle.chain, middle.chain_seq + 1]).toEqual([tail.chain, tail.chain_seq]);
    await asSuperuserBehindTheTrigger(`DELETE FROM access_log WHERE seq = $1`, [middle.seq]);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({
      ok: false,
      brokenSeq: tail.seq,
      reason: `row ${tail.chain_seq - 1} of chain ${tail.chain} is missing (the next row is ${tail.chain_seq})`,
    });
    await asSuperuserBehindTheTrigger(`DELETE FROM access_log WHERE seq = $1`, [tail.seq]);
    expect(await verifyAccessLog(db.appDataSource, KEY)).toMatchObject({ ok: false, chain: tail.chain, reason: expect.stringMatching(/rows at the end are missing/) });
  });
});
