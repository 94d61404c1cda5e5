import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKFLOWS } from '@psp/workflow-contracts';
import {
  ACCESS_LOG_ROW_COLUMNS,
  accessLogRowHash,
  appendAccessLog,
  checkpointSignature,
  listAnchorFiles,
  signAnchor,
  verifyAccessLog,
  writeAnchor,
  writeAnchorFile,
  type AccessLogRow,
  type AnchorSigningConfig,
  type AnchorVerifyingConfig,
} from '@psp/persistence';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import request from 'supertest';
import { accessLogAnchorScheduleId, ensureAccessLogAnchorSchedule } from '../apps/worker/src/access-log-retention.schedule';
import { createWorker } from '../apps/worker/src/create-worker';
import { testAnchors } from './support/anchors';
import { startTestApi } from './support/api';
import { backdateAccessLog, testLogEntry } from './support/access-log-entry';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { testTemporalClient } from './support/temporal';
import { quietTemporalRuntime, workerSettings } from './support/worker';


/** A database and an anchor store of its own, with a key pair: the worker's half and the verifier's. */
async function scenario(): Promise<{ db: TestDatabase; signer: AnchorSigningConfig; trust: AnchorVerifyingConfig }> {
  const db = await createTestDatabase();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'psp-anchors-'));
  return { db, signer: { privateKey, dir }, trust: { publicKey, dir } };
}

/** Writes `n` rows, one transaction each, through one session: they follow each other in one chain. Returns the chain. */
async function rowsInOneChain(db: TestDatabase, n: number, from: number, afterEach?: () => Promise<unknown>): Promise<number> {
  const runner = db.appDataSource.createQueryRunner();
  await runner.connect();
  try {
    for (let i = 0; i < n; i++) {
      await runner.startTransaction();
      await appendAccessLog(runner.manager, testLogEntry(from + i));
      await runner.commitTransaction();
      await afterEach?.();
    }
    const [{ chain }] = await runner.query(`SELECT chain FROM access_log WHERE request_id = $1`, [`req-${from}`]);
    return Number(chain);
  } finally {
    await runner.release();
  }
}

/** The attacker owns the database and knows the hash rule: rewrites rows behind the triggers and rechains. */
async function asOwnerBehindTheTrigger(db: TestDatabase, work: () => Promise<void>): Promise<void> {
  await db.dataSource.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
  try {
    await work();
  } finally {
    await db.dataSource.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
  }
}

/** Rewrites row `pos` of `chain` with `change`, recomputes every later hash in the chain and the head. */
async function rewriteAndRechain(db: TestDatabase, chain: number, pos: number, change: string): Promise<{ seq: number; id: string }> {
  let target = { seq: 0, id: '' };
  await asOwnerBehindTheTrigger(db, async () => {
    await db.dataSource.query(`UPDATE access_log SET ${change} WHERE chain = $1 AND chain_seq = $2`, [chain, pos]);
    const rows = (await db.dataSource.query(`SELECT ${ACCESS_LOG_ROW_COLUMNS} FROM access_log WHERE chain = $1 AND chain_seq >= $2 ORDER BY chain_seq`, [chain, pos])) as AccessLogRow[];
    let prev = rows[0].prev_hash;
    for (const r of rows) {
      const hash = accessLogRowHash(prev, r);
      await db.dataSource.query(`UPDATE access_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, [prev, hash, r.seq]);
      prev = hash;
    }
    await db.dataSource.query(`UPDATE access_log_head SET hash = $1 WHERE chain = $2`, [prev, chain]);
    target = { seq: Number(rows[0].seq), id: rows[0].id };
  });
  return target;
}

/** The chains are anchored outside the database: whoever owns the database cannot rewrite the log unseen. */
describe('access-log anchors (PostgreSQL, anchor directory)', () => {
  it('finds a row rewritten with every later hash and the head recomputed, naming chain and row', async () => {
    const { db, signer, trust } = await scenario();
    try {
      // An anchor after each row (as if hourly), then two rows nobody anchored yet.
      const chain = await rowsInOneChain(db, 4, 0, () => writeAnchor(db.dataSource, signer, 'scheduled'));
      await rowsInOneChain(db, 2, 10);
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: true, rows: 6, chains: 16, anchors: 4, anchor: { reason: 'scheduled' } });

      const rewritten = await rewriteAndRechain(db, chain, 2, `purpose = 'CRIMINAL_INVESTIGATION'`);
      // Inside the database everything is consistent again; the anchors are not.
      const result = await verifyAccessLog(db.appDataSource, trust);
      expect(result).toMatchObject({
        ok: false,
        chain,
        brokenSeq: rewritten.seq,
        brokenId: rewritten.id,
        reason: expect.stringMatching(new RegExp(`^row 2 of chain ${chain} does not hash to the head anchored in anchor-.*: a row after row 1 and up to row 2 of the chain was rewritten`)),
      });
      // Without anchors the rewrite would pass: this is what they add.
      expect(await verifyAccessLog(db.appDataSource, { ...trust, dir: mkdtempSync(join(tmpdir(), 'empty-')) })).toMatchObject({ ok: true, anchor: null });
    } finally {
      await db.drop();
    }
  });

  it('finds a chain cut back, a chain whose rows were all dropped, and a missing chain', async () => {
    const { db, signer, trust } = await scenario();
    try {
      const chain = await rowsInOneChain(db, 3, 0);
      await writeAnchor(db.dataSource, signer, 'scheduled');
      // Drop the last row and rewind the head to the row before: consistent inside the database.
      await asOwnerBehindTheTrigger(db, async () => {
        await db.dataSource.query(`DELETE FROM access_log WHERE chain = $1 AND chain_seq = 3`, [chain]);
        await db.dataSource.query(`UPDATE access_log_head h SET chain_seq = 2, hash = l.hash FROM access_log l WHERE h.chain = $1 AND l.chain = $1 AND l.chain_seq = 2`, [chain]);
      });
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({
        ok: false,
        chain,
        brokenSeq: null,
        reason: expect.stringMatching(new RegExp(`^chain ${chain} was cut back: it ends at row 2 but the anchor anchor-.* has it at row 3`)),
      });
      // Every row of the chain dropped, the head back at the genesis.
      await asOwnerBehindTheTrigger(db, async () => {
        await db.dataSource.query(`DELETE FROM access_log WHERE chain = $1`, [chain]);
        await db.dataSource.query(`UPDATE access_log_head SET chain_seq = 0, hash = sha256(''::bytea) WHERE chain = $1`, [chain]);
      });
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain, reason: expect.stringMatching(/was cut back: it ends at row 0/) });
      // The chain itself gone.
      await db.dataSource.query(`DELETE FROM access_log_head WHERE chain = $1`, [chain]);
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain, reason: `chain ${chain} is missing: it has no head` });
    } finally {
      await db.drop();
    }
  });

  it('finds a forged checkpoint: signed with another key, its numbers changed, or unsigned', async () => {
    const { db, signer, trust } = await scenario();
    try {
      const chain = await rowsInOneChain(db, 4, 0);
      // Rows 1-3 written 30, 20 and 15 months ago; each prune keeps fewer months (the owner's setting), so takes one row.
      await backdateAccessLog(db.dataSource, chain, [30, 20, 15]);
      const prune = async (keepMonths: number, key = signer.privateKey, sign = true) => {
        await db.dataSource.query(`UPDATE access_log_retention SET months = $1`, [keepMonths]);
        await db.appDataSource.transaction(async (tx) => {
          const [r, ...more] = await tx.query(`SELECT chain, chain_seq::text, hash, pruned_before_us, pruned_rows::text FROM access_log_prune()`);
          expect([more, r.chain, r.pruned_rows]).toEqual([[], chain, '1']);
          if (sign) {
            const signature = checkpointSignature(key, { chain: r.chain, chainSeq: r.chain_seq, hash: r.hash, prunedBeforeUs: r.pruned_before_us, prunedRows: r.pruned_rows });
            await tx.query(`SELECT access_log_checkpoint_sign($1::smallint, $2, $3)`, [r.chain, r.chain_seq, signature]);
          }
        });
      };
      await prune(24);
      await writeAnchor(db.dataSource, signer, 'prune');
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: true, checkpoints: 1, rows: 3 });

      // Its numbers changed by the owner: the signature no longer covers them.
      await db.dataSource.query(`UPDATE access_log_checkpoint SET pruned_rows = pruned_rows + 5 WHERE chain = $1`, [chain]);
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain, reason: `the retention checkpoint of chain ${chain} at row 1 has an invalid signature` });
      await db.dataSource.query(`UPDATE access_log_checkpoint SET pruned_rows = pruned_rows - 5 WHERE chain = $1`, [chain]);
      expect((await verifyAccessLog(db.appDataSource, trust)).ok).toBe(true);

      // A later prune signed with another key (the old shared HMAC key's holders cannot sign either).
      await prune(18, generateKeyPairSync('ed25519').privateKey);
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain, reason: `the retention checkpoint of chain ${chain} at row 2 has an invalid signature` });
      // One left unsigned.
      await prune(13, signer.privateKey, false);
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain, reason: `the retention checkpoint of chain ${chain} at row 3 is not signed` });
    } finally {
      await db.drop();
    }
  });

  it('finds a forged or altered anchor, naming its file', async () => {
    const { db, signer, trust } = await scenario();
    try {
      await rowsInOneChain(db, 2, 0);
      const { file } = await writeAnchor(db.dataSource, signer, 'scheduled');
      expect((await verifyAccessLog(db.appDataSource, trust)).ok).toBe(true);
      const genuine = JSON.parse(readFileSync(join(trust.dir, file), 'utf8'));
      // A later anchor signed with another key, claiming the rewritten chain's head.
      const forged = writeAnchorFile(trust.dir, signAnchor(generateKeyPairSync('ed25519').privateKey, { createdAt: new Date(Date.now() + 1000).toISOString(), reason: 'scheduled', chains: genuine.chains }));
      expect(await verifyAccessLog(db.appDataSource, trust)).toMatchObject({ ok: false, chain: null, reason: `anchor ${forged} has an invalid signature (not made with the anchor key ${genuine.keyId})` });
      // An altered copy of the genuine anchor, and an unsigned one, in files of their own.
      const dir2 = mkdtempSync(join(tmpdir(), 'psp-anchors-'));
      writeFileSync(join(dir2, 'anchor-2099-01-01T00-00-00.000Z-aaaa.json'), JSON.stringify({ ...genuine, chains: genuine.chains.map((c: { chainSeq: number }) => ({ ...c, chainSeq: c.chainSeq + 1 })) }));
      expect(await verifyAccessLog(db.appDataSource, { ...trust, dir: dir2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^anchor anchor-2099-.* has an invalid signature/) });
      const { signature: _s, ...unsigned } = genuine;
      writeFileSync(join(dir2, 'anchor-2099-01-01T00-00-00.000Z-aaaa.json'), JSON.stringify(unsigned));
      expect(await verifyAccessLog(db.appDataSource, { ...trust, dir: dir2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^anchor anchor-2099-.* is not signed/) });
    } finally {
      await db.drop();
    }
  });

  describe('written by the worker, checked by the api', () => {
    let db: TestDatabase;
    let client: Client;
    const taskQueue = uniqueName('anchors');

    beforeAll(async () => {
      db = await createTestDatabase();
      client = await testTemporalClient();
    });

    afterAll(async () => {
      await client.connection.close();
      await db.drop();
    });

    it('the anchoring workflow writes a signed anchor of all 16 chains, which the verify route accepts', async () => {
      const chain = await rowsInOneChain(db, 3, 0);
      await backdateAccessLog(db.dataSource, chain, 14);
      quietTemporalRuntime();
      const connection = await NativeConnection.connect({ address: testServices().temporalAddress });
      const worker = await createWorker({ connection, namespace: 'default', taskQueue, dataSource: db.appDataSource, ...workerSettings() });
      const before = listAnchorFiles(testAnchors().dir).length;
      // Anchor, then retention (the three rows are 14 months old), which anchors too, right after it prunes.
      let filesBetween: string[] = [];
      const [anchored, pruned] = await worker.runUntil(async () => {
        const a = await client.workflow.execute(WORKFLOWS.accessLogAnchor, { workflowId: uniqueName('anchor'), taskQueue, args: [] });
        filesBetween = listAnchorFiles(testAnchors().dir);
        const p = await client.workflow.execute(WORKFLOWS.accessLogRetention, { workflowId: uniqueName('prune'), taskQueue, args: [] });
        return [a, p] as const;
      });
      await connection.close();
      expect(anchored).toEqual({ file: expect.stringMatching(/^anchor-.*\.json$/), chains: 16 });
      const files = filesBetween;
      expect(files).toHaveLength(before + 1);
      expect(files.at(-1)).toBe(anchored.file);
      const written = JSON.parse(readFileSync(join(testAnchors().dir, anchored.file), 'utf8'));
      expect(written).toMatchObject({ format: 'psp-access-log-anchor/1', reason: 'scheduled', signature: expect.any(String) });
      expect(written.chains.map((c: { chain: number }) => c.chain)).toEqual([...Array(16).keys()]);

      expect(pruned).toEqual({ pruned: 3 });
      const afterPrune = listAnchorFiles(testAnchors().dir);
      expect(JSON.parse(readFileSync(join(testAnchors().dir, afterPrune.at(-1)!), 'utf8')).reason).toBe('prune');

      // The api holds only the public key.
      const api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
      try {
        expect(api.config.auditAnchor.publicKey.type).toBe('public');
        const verify = await request(api.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${await api.tokenFor('revisor')}`).expect(200);
        expect(verify.body).toMatchObject({ ok: true, chains: 16, checkpoints: 1, anchors: afterPrune.length, anchor: { file: afterPrune.at(-1), reason: 'prune', keyId: written.keyId } });
      } finally {
        await api.close();
      }
    });

    it('schedules anchoring hourly, once', async () => {
      await ensureAccessLogAnchorSchedule(client, taskQueue);
      await ensureAccessLogAnchorSchedule(client, taskQueue);
      const handle = client.schedule.getHandle(accessLogAnchorScheduleId(taskQueue));
      const schedule = await handle.describe();
      expect(schedule.spec.intervals?.[0]).toMatchObject({ every: 3_600_000 });
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: WORKFLOWS.accessLogAnchor, taskQueue });
      await handle.delete();
    });
  });
});
