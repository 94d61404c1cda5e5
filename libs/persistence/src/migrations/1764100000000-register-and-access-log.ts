import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Independent hash chains of the access log (see below). Fixed by this migration. */
const CHAINS = 16;

/**
 * The fokusperson register (personal fields encrypted by the application; only ids, status,
 * dates, forum and authority in plaintext) and the append-only, hash-chained access log.
 * The application connects as role `psp_app`, which may not UPDATE, DELETE or TRUNCATE the log;
 * a trigger refuses those for everyone else too.
 */
export class RegisterAndAccessLog1764100000000 implements MigrationInterface {
  name = 'RegisterAndAccessLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'psp_app') THEN CREATE ROLE psp_app NOLOGIN; END IF;
      END $$`);

    await q.query(`
      CREATE TABLE fokusperson (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL REFERENCES forum(id),
        status text NOT NULL CHECK (status IN ('NOMINATED', 'ACTIVE', 'REJECTED', 'CLOSED', 'ANONYMISED')),
        nominated_by_user_id uuid NOT NULL REFERENCES app_user(id),
        nominating_authority_id uuid NOT NULL REFERENCES authority(id),
        lead_authority_id uuid REFERENCES authority(id),
        key_id text,
        cpr_ciphertext bytea,
        name_ciphertext bytea,
        details_ciphertext bytea,
        cpr_blind_index bytea,
        nominated_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        rejected_at timestamptz,
        closed_at timestamptz,
        anonymised_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'ANONYMISED') = (cpr_ciphertext IS NULL AND name_ciphertext IS NULL AND details_ciphertext IS NULL AND cpr_blind_index IS NULL)),
        CHECK (status = 'ANONYMISED' OR key_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX fokusperson_forum_status_idx ON fokusperson (forum_id, status)`);
    await q.query(`CREATE INDEX fokusperson_cpr_idx ON fokusperson (cpr_blind_index) WHERE cpr_blind_index IS NOT NULL`);
    // One open record per person and forum: a second nomination of the same CPR is a conflict.
    await q.query(`
      CREATE UNIQUE INDEX fokusperson_open_cpr_uq ON fokusperson (forum_id, cpr_blind_index)
        WHERE status IN ('NOMINATED', 'ACTIVE')`);

    // The log is kept as CHAINS independent hash chains. A writer appends to the chain of its
    // database session (backend pid modulo CHAINS), locking only that chain's head until it
    // commits: concurrent requests queue per chain instead of all behind one lock, and no chain
    // ever forks. seq orders rows across chains (a sequence: rolled-back inserts leave gaps).
    await q.query(`CREATE SEQUENCE access_log_seq`);
    await q.query(`
      CREATE TABLE access_log (
        seq bigint PRIMARY KEY DEFAULT nextval('access_log_seq'),
        chain smallint NOT NULL,
        chain_seq bigint NOT NULL,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid,
        actor_username text NOT NULL,
        actor_authority_id uuid,
        actor_roles text[] NOT NULL,
        action text NOT NULL CHECK (action IN ('READ', 'SEARCH', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'REVEAL', 'ANONYMISE')),
        resource_type text NOT NULL,
        resource_id text,
        fokusperson_id uuid,
        purpose text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED')),
        detail text,
        query text,
        request_id text,
        client_address text,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        UNIQUE (chain, chain_seq)
      )`);
    await q.query(`CREATE INDEX access_log_fokusperson_idx ON access_log (fokusperson_id, seq) WHERE fokusperson_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_actor_idx ON access_log (actor_user_id, seq)`);
    await q.query(`CREATE INDEX access_log_authority_idx ON access_log (actor_authority_id, seq)`);
    await q.query(`CREATE INDEX access_log_time_idx ON access_log (occurred_at)`);
    await q.query(`CREATE INDEX access_log_request_idx ON access_log (request_id) WHERE request_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE access_log_head (
        chain smallint PRIMARY KEY,
        chain_seq bigint NOT NULL,
        hash bytea NOT NULL
      )`);
    await q.query(`INSERT INTO access_log_head (chain, chain_seq, hash) SELECT c, 0, sha256(''::bytea) FROM generate_series(0, ${CHAINS - 1}) AS c`);

    // Pruned heads: where verification of each chain starts after retention pruned its old rows.
    await q.query(`
      CREATE TABLE access_log_checkpoint (
        chain smallint NOT NULL,
        chain_seq bigint NOT NULL,
        hash bytea NOT NULL,
        pruned_before timestamptz NOT NULL,
        pruned_rows bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        signature bytea NOT NULL,
        PRIMARY KEY (chain, chain_seq)
      )`);

    // The canonical text of a row that its hash covers. Mirrored in access-log/access-log.verifier.ts.
    await q.query(`
      CREATE FUNCTION access_log_canonical(
        chain smallint, chain_seq bigint, id uuid, occurred_at timestamptz, actor_user_id uuid, actor_username text,
        actor_authority_id uuid, actor_roles text[], action text, resource_type text, resource_id text,
        fokusperson_id uuid, purpose text, outcome text, detail text, query text, request_id text, client_address text
      ) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws(E'\\x1f',
          chain::text, chain_seq::text, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text,
          coalesce(actor_user_id::text, '∅'), actor_username, coalesce(actor_authority_id::text, '∅'),
          array_to_string(actor_roles, ','), action, resource_type, coalesce(resource_id, '∅'),
          coalesce(fokusperson_id::text, '∅'), purpose, outcome, coalesce(detail, '∅'), coalesce(query, '∅'),
          coalesce(request_id, '∅'), coalesce(client_address, '∅'))
      $$`);
    await q.query(`
      CREATE FUNCTION access_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE head access_log_head%ROWTYPE;
      BEGIN
        UPDATE access_log_head SET chain_seq = chain_seq + 1 WHERE chain = pg_backend_pid() % ${CHAINS} RETURNING * INTO head;
        NEW.chain := head.chain;
        NEW.chain_seq := head.chain_seq;
        NEW.occurred_at := date_trunc('microseconds', clock_timestamp());
        NEW.prev_hash := head.hash;
        NEW.hash := sha256(head.hash || convert_to(access_log_canonical(
          NEW.chain, NEW.chain_seq, NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_username, NEW.actor_authority_id,
          NEW.actor_roles, NEW.action, NEW.resource_type, NEW.resource_id, NEW.fokusperson_id, NEW.purpose,
          NEW.outcome, NEW.detail, NEW.query, NEW.request_id, NEW.client_address), 'UTF8'));
        UPDATE access_log_head SET hash = NEW.hash WHERE chain = head.chain;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_chain()`);
    await q.query(`
      CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('psp.access_log_prune', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()`);
    await q.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change()`);

    // Retention pruning is the one way rows leave the log: through this function, which keeps the
    // pruned head of the chain as a checkpoint signed by the application.
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

    await q.query(`GRANT USAGE ON SCHEMA public TO psp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO psp_app`);
    await q.query(`REVOKE ALL ON access_log, access_log_head, access_log_checkpoint FROM psp_app`);
    await q.query(`GRANT SELECT, INSERT ON access_log TO psp_app`);
    await q.query(`GRANT USAGE ON SEQUENCE access_log_seq TO psp_app`);
    await q.query(`GRANT SELECT ON access_log_checkpoint, access_log_head TO psp_app`);
    await q.query(`REVOKE ALL ON FUNCTION access_log_prune(smallint, bigint, timestamptz, bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune(smallint, bigint, timestamptz, bytea) TO psp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log_checkpoint, access_log_head, access_log, fokusperson`);
    await q.query(`DROP SEQUENCE access_log_seq`);
    await q.query(`DROP FUNCTION access_log_prune, access_log_refuse_change, access_log_chain, access_log_canonical`);
  }
}
