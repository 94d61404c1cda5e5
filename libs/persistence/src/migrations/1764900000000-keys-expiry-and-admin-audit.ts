import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - A step's note gets a key id of its own (`note_key_id`): with one `key_id` for description and
 *   note, a note written after a key rotation re-labelled the description, which then no longer
 *   decrypted. `key_id` is the description's from now on. Backfilled from `key_id` (until now the
 *   key of whichever was written last; `npm run keys:rotate` repairs a description whose label was
 *   wrong by trying each configured key).
 * - A step's history says why the system cancelled it (`step_event.reason`: "fokusperson closed").
 * - `fokusperson.system_reason`: why the system itself decided (a nomination left undecided for
 *   NOMINATION_EXPIRY_DAYS is rejected). Plaintext: a fixed text, never personal data. People's
 *   reasons stay encrypted with the person's details.
 * - The auditor's search by resource type and id (administration: User, Authority, Forum,
 *   ForumMembership) and the daily sweep of old nominations each get an index.
 */
export class KeysExpiryAndAdminAudit1764900000000 implements MigrationInterface {
  name = 'KeysExpiryAndAdminAudit1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE step ADD COLUMN note_key_id text`);
    await q.query(`UPDATE step SET note_key_id = key_id WHERE note_ciphertext IS NOT NULL`);
    await q.query(`ALTER TABLE step ADD CONSTRAINT step_note_key CHECK (note_ciphertext IS NULL OR note_key_id IS NOT NULL)`);
    await q.query(`ALTER TABLE step ADD CONSTRAINT step_description_key CHECK (description_ciphertext IS NULL OR key_id IS NOT NULL)`);
    await q.query(`ALTER TABLE step_event ADD COLUMN reason text`);
    await q.query(`ALTER TABLE fokusperson ADD COLUMN system_reason text`);
    await q.query(`CREATE INDEX fokusperson_nominated_idx ON fokusperson (nominated_at) WHERE status = 'NOMINATED'`);
    await q.query(`CREATE INDEX access_log_resource_idx ON access_log (resource_type, resource_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_log_resource_idx`);
    await q.query(`DROP INDEX fokusperson_nominated_idx`);
    await q.query(`ALTER TABLE fokusperson DROP COLUMN system_reason`);
    await q.query(`ALTER TABLE step_event DROP COLUMN reason`);
    await q.query(`ALTER TABLE step DROP CONSTRAINT step_description_key, DROP CONSTRAINT step_note_key`);
    await q.query(`ALTER TABLE step DROP COLUMN note_key_id`);
  }
}
