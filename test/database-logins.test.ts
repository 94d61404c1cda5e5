import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { appendAccessLog, assertApplicationLogin, createDataSource, OWNER_ROLE } from '@psp/persistence';
import type { DataSource } from 'typeorm';
import { migrateAndSeed } from '../tools/src/migrate';
import { backdateAccessLog, testLogEntry } from './support/access-log-entry';
import { DEV_AUDIENCE, DEV_ISSUER } from '../tools/src/dev-issuer';
import { randomSecrets } from '../tools/src/dev-secrets';
import { testAnchors } from './support/anchors';
import { createTestDatabase, testServices, type TestDatabase } from './support/services';
import { testTemporalEnv } from './support/temporal';

/**
 * The access log holds against the application's own database login: the api and worker log in
 * as psp_app, which is no superuser, owns nothing and cannot become the owner; pruning takes no
 * cutoff from anyone and never reaches rows younger than 13 months.
 */
describe('database logins', () => {
  let db: TestDatabase;
  let owner: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await createDataSource({ url: db.ownerUrl, poolSize: 2 }, 'psp-test-owner').initialize();
  });

  afterAll(async () => {
    await owner.destroy();
    await db.drop();
  });

  /** One transaction through one session: the rows follow each other in one chain, which is returned. */
  const rowsInOneChain = async (from: number, n: number): Promise<number> => {
    await db.appDataSource.transaction((tx) => appendAccessLog(tx, Array.from({ length: n }, (_, i) => testLogEntry(from + i))));
    return Number((await db.dataSource.query(`SELECT chain FROM access_log WHERE request_id = $1`, [`req-${from}`]))[0].chain);
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);

  describe('the application login (psp_app)', () => {
    it('is not a superuser, owns nothing and is not a member of the owner role', async () => {
      await expect(assertApplicationLogin(db.appDataSource)).resolves.toBeUndefined();
      const [login] = await db.appDataSource.query(
        `SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, pg_has_role(current_user, $1, 'MEMBER') AS member_of_owner
           FROM pg_roles WHERE rolname = current_user`,
        [OWNER_ROLE],
      );
      expect(login).toEqual({ name: 'psp_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false, member_of_owner: false });
      expect(await count(`SELECT count(*) AS n FROM pg_class WHERE relowner = 'psp_app'::regrole`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner <> $1::regrole`, [OWNER_ROLE])).toBe(0);
    });

    it('cannot become the owner or the superuser', async () => {
      await expect(db.appDataSource.query(`SET ROLE ${OWNER_ROLE}`)).rejects.toThrow(/permission denied to set role "psp_owner"/);
      await expect(db.appDataSource.query(`SET SESSION AUTHORIZATION ${OWNER_ROLE}`)).rejects.toThrow(/permission denied to set session authorization/);
      await expect(db.appDataSource.query(`SET ROLE postgres`)).rejects.toThrow(/permission denied to set role "postgres"/);
    });

    it('cannot change, delete or truncate the log, its heads or its checkpoints', async () => {
      await rowsInOneChain(0, 2);
      await expect(db.appDataSource.query(`UPDATE access_log SET purpose = 'X'`)).rejects.toThrow(/permission denied for table access_log/);
      await expect(db.appDataSource.query(`DELETE FROM access_log`)).rejects.toThrow(/permission denied for table access_log/);
      await expect(db.appDataSource.query(`TRUNCATE access_log`)).rejects.toThrow(/permission denied for table access_log/);
      await expect(db.appDataSource.query(`UPDATE access_log_head SET chain_seq = 0`)).rejects.toThrow(/permission denied for table access_log_head/);
      await expect(db.appDataSource.query(`DELETE FROM access_log_checkpoint`)).rejects.toThrow(/permission denied for table access_log_checkpoint/);
    });

    it('cannot throw the prune switch: neither the switch row nor the old setting lets a DELETE through', async () => {
      await expect(
        db.appDataSource.transaction((tx) => tx.query(`INSERT INTO access_log_prune_switch (txid) VALUES (pg_current_xact_id())`)),
      ).rejects.toThrow(/permission denied for table access_log_prune_switch/);
      await expect(
        db.appDataSource.transaction(async (tx) => {
          await tx.query(`SET LOCAL psp.access_log_prune = 'on'`);
          await tx.query(`DELETE FROM access_log`);
        }),
      ).rejects.toThrow(/permission denied for table access_log/);
      // Not even the superuser deletes by setting it: only the prune function's own transaction may.
      await expect(
        db.dataSource.transaction(async (tx) => {
          await tx.query(`SET LOCAL psp.access_log_prune = 'on'`);
          await tx.query(`DELETE FROM access_log`);
        }),
      ).rejects.toThrow(/access_log is append-only: DELETE is not allowed/);
    });

    it('cannot change the retention, and cannot hand the prune function a cutoff', async () => {
      await expect(db.appDataSource.query(`UPDATE access_log_retention SET months = 13`)).rejects.toThrow(/permission denied for table access_log_retention/);
      await expect(db.appDataSource.query(`SELECT * FROM access_log_prune(0::smallint, 1, now())`)).rejects.toThrow(/function access_log_prune\(smallint, integer, timestamp with time zone\) does not exist/);
      expect(await db.appDataSource.query(`SELECT months FROM access_log_retention`)).toEqual([{ months: 13 }]);
    });

    it('creates nothing: no tables in the schema, no temporary tables', async () => {
      await expect(db.appDataSource.query(`CREATE TABLE stash (x text)`)).rejects.toThrow(/permission denied for schema public/);
      await expect(db.appDataSource.query(`CREATE TEMPORARY TABLE stash (x text)`)).rejects.toThrow(/permission denied to create temporary tables/);
    });
  });

  describe('pruning', () => {
    it('prunes only what is older than the database’s retention, never a row younger than 13 months', async () => {
      // A chain whose rows were written 14, 14, 12 and 14 months ago, then today: the run of old rows ends at the third.
      const chain = await rowsInOneChain(100, 5);
      const [{ first }] = await db.dataSource.query(`SELECT chain_seq::int AS first FROM access_log WHERE request_id = 'req-100'`);
      const earlier = first - 1;
      await backdateAccessLog(db.dataSource, chain, [...Array(earlier).fill(14), 14, 14, 12, 14]);
      const rowsBefore = await count(`SELECT count(*) AS n FROM access_log WHERE chain = $1`, [chain]);

      const reports = await db.appDataSource.transaction((tx) => tx.query(`SELECT chain, chain_seq::int, pruned_rows::int FROM access_log_prune()`));
      expect(reports).toEqual([{ chain, chain_seq: first + 1, pruned_rows: first + 1 }]);
      // The 12-month-old row and everything after it stay, even the 14-month-old row behind it.
      expect(await count(`SELECT count(*) AS n FROM access_log WHERE chain = $1`, [chain])).toBe(rowsBefore - (first + 1));
      const left = await db.dataSource.query(`SELECT request_id FROM access_log WHERE chain = $1 ORDER BY chain_seq`, [chain]);
      expect(left.map((r: { request_id: string }) => r.request_id)).toEqual(['req-102', 'req-103', 'req-104']);
      // Nothing more is old enough: a second run prunes nothing.
      expect(await db.appDataSource.transaction((tx) => tx.query(`SELECT * FROM access_log_prune()`))).toEqual([]);
    });

    it('keeps the retention at 13 months or more, even for the owner', async () => {
      await expect(owner.query(`UPDATE access_log_retention SET months = 12`)).rejects.toThrow(/access_log_retention_at_least_13_months/);
      await owner.query(`UPDATE access_log_retention SET months = 13`);
      await expect(owner.query(`INSERT INTO access_log_retention (singleton, months) VALUES (true, 24)`)).rejects.toThrow(/duplicate key/);
    });
  });

  describe('who may log in as what', () => {
    it('the api refuses to start with the owner’s or the superuser’s login as DATABASE_URL', async () => {
      await expect(assertApplicationLogin(owner)).rejects.toThrow(/logs in as "psp_owner", which owns \d+ database objects/);
      await expect(assertApplicationLogin(db.dataSource)).rejects.toThrow(/which is a superuser/);
      // The built api, as production starts it, given the owner's URL.
      const api = spawnSync(process.execPath, [join(__dirname, '..', 'dist/apps/api/src/main.js')], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          ...randomSecrets(),
          ...testAnchors().apiEnv,
          ...testTemporalEnv(),
          DATABASE_URL: db.ownerUrl,
          TEMPORAL_ADDRESS: testServices().temporalAddress,
          PORT: '0',
          JWT_ISSUER: DEV_ISSUER,
          JWT_AUDIENCE: DEV_AUDIENCE,
          JWT_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          LOG_LEVEL: 'error',
        },
      });
      expect(api.status).not.toBe(0);
      expect(`${api.stdout}${api.stderr}`).toMatch(/DATABASE_URL logs in as "psp_owner", which owns \d+ database objects, can become the schema's owner psp_owner/);
    });

    it('migrations refuse the superuser: the schema belongs to the owner login', async () => {
      const superuserUrl = new URL(testServices().postgresUrl);
      superuserUrl.pathname = new URL(db.ownerUrl).pathname;
      await expect(migrateAndSeed(superuserUrl.toString())).rejects.toThrow(/MIGRATION_DATABASE_URL logs in as the superuser "postgres"/);
      await expect(migrateAndSeed(db.ownerUrl)).resolves.toBeUndefined();
    });
  });
});
