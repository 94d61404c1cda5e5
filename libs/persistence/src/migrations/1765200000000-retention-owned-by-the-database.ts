import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PRUNE_UP_TO_A_GIVEN_CUTOFF } from './1765100000000-anchored-chains';

/**
 * The access log is pruned by the database's rule, not the caller's: the api and worker log in as
 * `psp_app` (no superuser, owns nothing), the schema belongs to the owner login that runs these
 * migrations, and
 * - `access_log_retention` (one row) holds how many months the log is kept; only the owner may
 *   change it (`npm run migrate` with ACCESS_LOG_RETENTION_MONTHS), and never below 13;
 * - `access_log_prune()` takes no arguments: it computes the cutoff from that setting and prunes,
 *   per chain, only the unbroken run of rows from the chain's start that are all older than it,
 *   each behind an unsigned checkpoint it reports (the worker signs them, 1765100000000);
 * - the append-only trigger lets a DELETE through only inside that function: the switch is a row
 *   for the current transaction in `access_log_prune_switch`, which nobody but the owner may
 *   write (a settable `psp.access_log_prune` parameter was a switch any session could throw).
 */
export class RetentionOwnedByTheDatabase1765200000000 implements MigrationInterface {
  name = 'RetentionOwnedByTheDatabase1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log_retention (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        months smallint NOT NULL DEFAULT 13 CONSTRAINT access_log_retention_at_least_13_months CHECK (months >= 13),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO access_log_retention DEFAULT VALUES`);
    await q.query(`CREATE TABLE access_log_prune_switch (txid xid8 PRIMARY KEY)`);
    // The schema's default privileges give psp_app read and write on new tables: not on these.
    await q.query(`REVOKE ALL ON access_log_retention, access_log_prune_switch FROM psp_app`);
    await q.query(`GRANT SELECT ON access_log_retention TO psp_app`);

    await q.query(`
      CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM access_log_prune_switch WHERE txid = pg_current_xact_id()) THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`DROP FUNCTION access_log_prune(smallint, bigint, timestamptz)`);
    await q.query(`
      CREATE FUNCTION access_log_prune()
      RETURNS TABLE (chain smallint, chain_seq bigint, hash bytea, pruned_before_us text, pruned_rows bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      #variable_conflict use_column
      DECLARE cutoff timestamptz; c smallint; upto bigint; last_hash bytea; n bigint;
      BEGIN
        SELECT now() - make_interval(months => GREATEST(r.months, 13)) INTO cutoff FROM access_log_retention r;
        IF cutoff IS NULL THEN
          RAISE EXCEPTION 'the access log has no retention setting' USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO access_log_prune_switch (txid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
        FOR c IN SELECT h.chain FROM access_log_head h ORDER BY h.chain LOOP
          -- Up to the chain's first row that is not old enough (or its end): nothing younger goes.
          SELECT coalesce(
                   (SELECT l.chain_seq - 1 FROM access_log l WHERE l.chain = c AND l.occurred_at >= cutoff ORDER BY l.chain_seq LIMIT 1),
                   (SELECT max(l.chain_seq) FROM access_log l WHERE l.chain = c))
            INTO upto;
          last_hash := NULL;
          SELECT l.hash INTO last_hash FROM access_log l WHERE l.chain = c AND l.chain_seq = upto;
          CONTINUE WHEN last_hash IS NULL;
          DELETE FROM access_log l WHERE l.chain = c AND l.chain_seq <= upto;
          GET DIAGNOSTICS n = ROW_COUNT;
          INSERT INTO access_log_checkpoint (chain, chain_seq, hash, pruned_before, pruned_rows, signature)
            VALUES (c, upto, last_hash, cutoff, n, NULL);
          chain := c;
          chain_seq := upto;
          hash := last_hash;
          pruned_before_us := (extract(epoch FROM cutoff) * 1000000)::bigint::text;
          pruned_rows := n;
          RETURN NEXT;
        END LOOP;
        DELETE FROM access_log_prune_switch s WHERE s.txid = pg_current_xact_id();
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION access_log_prune() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune() TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION access_log_prune()`);
    await q.query(PRUNE_UP_TO_A_GIVEN_CUTOFF);
    await q.query(`REVOKE ALL ON FUNCTION access_log_prune(smallint, bigint, timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune(smallint, bigint, timestamptz) TO psp_app`);
    await q.query(`
      CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('psp.access_log_prune', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TABLE access_log_prune_switch, access_log_retention`);
  }
}
