import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PSP meetings: a forum's cadence and meeting policy, its meetings, each meeting's case list
 * (agenda items, with the minutes' decision per item) and attendance. Names and decision texts of
 * citizens stay encrypted: an item holds only ids, reasons and the decision kind in plaintext.
 */
export class Meetings1764300000000 implements MigrationInterface {
  name = 'Meetings1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // cadence null: the forum has no schedule. meeting_policy null: the defaults in libs/domain.
    await q.query(`ALTER TABLE forum ADD COLUMN cadence jsonb, ADD COLUMN meeting_policy jsonb, ADD COLUMN schedule_paused boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE fokusperson ADD COLUMN next_review_date date`);
    await q.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY,
        forum_id uuid NOT NULL REFERENCES forum(id),
        planned_date date,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
        location text,
        status text NOT NULL CHECK (status IN ('PLANNED', 'AGENDA_LOCKED', 'HELD', 'MINUTES_APPROVED', 'CANCELLED')),
        invite_sequence integer NOT NULL DEFAULT 0,
        cancel_reason text,
        attendance jsonb NOT NULL DEFAULT '[]',
        locked_at timestamptz,
        approved_at timestamptz,
        approved_by_user_id uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (forum_id, planned_date)
      )`);
    await q.query(`CREATE INDEX meeting_forum_starts_idx ON meeting (forum_id, starts_at)`);
    await q.query(`
      CREATE TABLE meeting_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id),
        fokusperson_id uuid NOT NULL REFERENCES fokusperson(id),
        position integer NOT NULL,
        reasons text[] NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        decision text CHECK (decision IN ('ACCEPT', 'REJECT', 'CLOSE', 'REOPEN', 'CONTINUE', 'CARRY_OVER')),
        next_review_date date,
        key_id text,
        minutes_ciphertext bytea,
        UNIQUE (meeting_id, fokusperson_id)
      )`);
    await q.query(`CREATE INDEX meeting_item_person_idx ON meeting_item (fokusperson_id)`);
    await q.query(`ALTER TABLE helhedsplan_version ADD CONSTRAINT helhedsplan_version_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meeting(id)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON meeting, meeting_item TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE helhedsplan_version DROP CONSTRAINT helhedsplan_version_meeting_fk`);
    await q.query(`DROP TABLE meeting_item, meeting`);
    await q.query(`ALTER TABLE fokusperson DROP COLUMN next_review_date`);
    await q.query(`ALTER TABLE forum DROP COLUMN cadence, DROP COLUMN meeting_policy, DROP COLUMN schedule_paused`);
  }
}
