import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHAINS = 16;

/** The chain trigger of 1764100000000, with the text its hash covers given as `canonical`. */
export const chainTrigger = (canonical: string) => `
      CREATE OR REPLACE FUNCTION access_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE head access_log_head%ROWTYPE;
      BEGIN
        UPDATE access_log_head SET chain_seq = chain_seq + 1 WHERE chain = pg_backend_pid() % ${CHAINS} RETURNING * INTO head;
        NEW.chain := head.chain;
        NEW.chain_seq := head.chain_seq;
        NEW.occurred_at := date_trunc('microseconds', clock_timestamp());
        NEW.prev_hash := head.hash;
        NEW.hash := sha256(head.hash || convert_to(${canonical}, 'UTF8'));
        UPDATE access_log_head SET hash = NEW.hash WHERE chain = head.chain;
        RETURN NEW;
      END $$`;

const CANONICAL_1764100000000 = `access_log_canonical(
          NEW.chain, NEW.chain_seq, NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_username, NEW.actor_authority_id,
          NEW.actor_roles, NEW.action, NEW.resource_type, NEW.resource_id, NEW.fokusperson_id, NEW.purpose,
          NEW.outcome, NEW.detail, NEW.query, NEW.request_id, NEW.client_address)`;

/**
 * One access-log event per use of personal data, naming every person it touched (the shape of
 * FHIR AuditEvent's `entity` list): a read that shows 500 persons writes one row whose
 * `fokusperson_ids` holds the 500 ids, not 500 rows.
 *
 * - An event about one person keeps the shape every row had so far: `fokusperson_id`. An event
 *   about two or more names them in `fokusperson_ids` (in the order shown, each once) and leaves
 *   `fokusperson_id` empty; the check constraint keeps the two shapes apart, so a person is named
 *   in exactly one of them. Nothing that exists is converted: every existing row is an event of
 *   the first shape, and its hash stays valid.
 * - Readers (the auditor's search by person, the citizen's access report) match a person in
 *   either column; the GIN index on `fokusperson_ids` keeps that an index search.
 * - The hash covers the list: the text a row's hash covers (now `access_log_row_text(row)`) gets
 *   a 19th field, the ids joined by commas, only when the list is there, so a row without one
 *   hashes exactly as before (mirrored in access-log.verifier.ts).
 */
export class AccessLogEntities1765500000000 implements MigrationInterface {
  name = 'AccessLogEntities1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log ADD COLUMN fokusperson_ids uuid[]`);
    await q.query(
      `ALTER TABLE access_log ADD CONSTRAINT access_log_entities_one_shape
         CHECK (fokusperson_ids IS NULL OR (fokusperson_id IS NULL AND cardinality(fokusperson_ids) >= 2 AND array_position(fokusperson_ids, NULL) IS NULL))`,
    );
    await q.query(`CREATE INDEX access_log_fokusperson_ids_idx ON access_log USING gin (fokusperson_ids) WHERE fokusperson_ids IS NOT NULL`);
    // The text a row's hash covers, from the row itself: the trigger's, and a re-chaining tool's (mirrored in access-log.verifier.ts).
    await q.query(`
      CREATE FUNCTION access_log_row_text(r access_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT access_log_canonical(r.chain, r.chain_seq, r.id, r.occurred_at, r.actor_user_id, r.actor_username, r.actor_authority_id,
                 r.actor_roles, r.action, r.resource_type, r.resource_id, r.fokusperson_id, r.purpose, r.outcome, r.detail, r.query,
                 r.request_id, r.client_address)
               || coalesce(E'\\x1f' || array_to_string(r.fokusperson_ids, ','), '')
      $$`);
    await q.query(chainTrigger('access_log_row_text(NEW)'));
  }

  async down(q: QueryRunner): Promise<void> {
    // An event naming several persons cannot be expressed in the earlier shape: down refuses rather than lose them.
    await q.query(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM access_log WHERE fokusperson_ids IS NOT NULL) THEN RAISE EXCEPTION 'access_log holds events naming several persons; they cannot be undone'; END IF; END $$`);
    await q.query(chainTrigger(CANONICAL_1764100000000));
    await q.query(`DROP FUNCTION access_log_row_text(access_log)`);
    await q.query(`DROP INDEX access_log_fokusperson_ids_idx`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_entities_one_shape`);
    await q.query(`ALTER TABLE access_log DROP COLUMN fokusperson_ids`);
  }
}
