import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention checkpoints are signed with the worker's Ed25519 anchor key (AUDIT_ANCHOR_PRIVATE_KEY)
 * over what the prune function reports, rather than with an HMAC key api and worker shared:
 * - `access_log_prune(chain, upto, cutoff)` deletes the chain's rows up to `upto`, records the
 *   checkpoint unsigned and reports it (position, hash, cutoff in microseconds, rows pruned);
 * - `access_log_checkpoint_sign(chain, chain_seq, signature)` then sets its signature, once (a
 *   checkpoint already signed is refused). Both run in the worker's one transaction; a checkpoint
 *   left unsigned, or signed with another key, fails verification.
 * Checkpoints signed before this migration (HMAC) no longer verify and are reported as such.
 */
/** The prune function of this migration (1765200000000's down restores it). */
export const PRUNE_UP_TO_A_GIVEN_CUTOFF = `
      CREATE FUNCTION access_log_prune(p_chain smallint, upto_chain_seq bigint, cutoff timestamptz)
      RETURNS TABLE (chain smallint, chain_seq bigint, hash bytea, pruned_before_us text, pruned_rows bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE last_hash bytea; n bigint;
      BEGIN
        SELECT l.hash INTO last_hash FROM access_log l WHERE l.chain = p_chain AND l.chain_seq = upto_chain_seq AND l.occurred_at < cutoff;
        IF last_hash IS NULL THEN
          RAISE EXCEPTION 'access_log row %/% does not exist or is not older than %', p_chain, upto_chain_seq, cutoff;
        END IF;
        PERFORM set_config('psp.access_log_prune', 'on', true);
        DELETE FROM access_log l WHERE l.chain = p_chain AND l.chain_seq <= upto_chain_seq;
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('psp.access_log_prune', 'off', true);
        INSERT INTO access_log_checkpoint (chain, chain_seq, hash, pruned_before, pruned_rows, signature)
          VALUES (p_chain, upto_chain_seq, last_hash, cutoff, n, NULL);
        RETURN QUERY SELECT p_chain, upto_chain_seq, last_hash, (extract(epoch FROM cutoff) * 1000000)::bigint::text, n;
      END $$`;

export class AnchoredChains1765100000000 implements MigrationInterface {
  name = 'AnchoredChains1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log_checkpoint ALTER COLUMN signature DROP NOT NULL`);
    await q.query(`DROP FUNCTION access_log_prune(smallint, bigint, timestamptz, bytea)`);
    await q.query(PRUNE_UP_TO_A_GIVEN_CUTOFF);
    await q.query(`
      CREATE FUNCTION access_log_checkpoint_sign(p_chain smallint, p_chain_seq bigint, p_signature bytea) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        UPDATE access_log_checkpoint c SET signature = p_signature WHERE c.chain = p_chain AND c.chain_seq = p_chain_seq AND c.signature IS NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'access_log checkpoint %/% does not exist or is already signed', p_chain, p_chain_seq USING ERRCODE = 'insufficient_privilege';
        END IF;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION access_log_prune(smallint, bigint, timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune(smallint, bigint, timestamptz) TO psp_app`);
    await q.query(`REVOKE ALL ON FUNCTION access_log_checkpoint_sign(smallint, bigint, bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_checkpoint_sign(smallint, bigint, bytea) TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION access_log_checkpoint_sign(smallint, bigint, bytea)`);
    await q.query(`DROP FUNCTION access_log_prune(smallint, bigint, timestamptz)`);
    await q.query(`
      CREATE FUNCTION access_log_prune(p_chain smallint, upto_chain_seq bigint, cutoff timestamptz, signature bytea) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE last_hash bytea; n bigint;
      BEGIN
        SELECT hash INTO last_hash FROM access_log WHERE chain = p_chain AND chain_seq = upto_chain_seq AND occurred_at < cutoff;
        IF last_hash IS NULL THEN
          RAISE EXCEPTION 'access_log row %/% does not exist or is not older than %', p_chain, upto_chain_seq, cutoff;
        END IF;
        PERFORM set_config('psp.access_log_prune', 'on', true);
        DELETE FROM access_log WHERE chain = p_chain AND chain_seq <= upto_chain_seq;
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('psp.access_log_prune', 'off', true);
        INSERT INTO access_log_checkpoint (chain, chain_seq, hash, pruned_before, pruned_rows, signature)
          VALUES (p_chain, upto_chain_seq, last_hash, cutoff, n, signature);
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION access_log_prune(smallint, bigint, timestamptz, bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune(smallint, bigint, timestamptz, bytea) TO psp_app`);
    await q.query(`UPDATE access_log_checkpoint SET signature = ''::bytea WHERE signature IS NULL`);
    await q.query(`ALTER TABLE access_log_checkpoint ALTER COLUMN signature SET NOT NULL`);
  }
}
