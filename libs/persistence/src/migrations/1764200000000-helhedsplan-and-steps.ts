import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Helhedsplaner (one per fokusperson, versioned; goals encrypted) and their steps. The step row is
 * written by the step workflow's activities (the workflow owns its timers); the api reads it.
 */
export class HelhedsplanAndSteps1764200000000 implements MigrationInterface {
  name = 'HelhedsplanAndSteps1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // A forum's reminder policy (null: the defaults in libs/domain).
    await q.query(`ALTER TABLE forum ADD COLUMN reminder_policy jsonb`);
    await q.query(`
      CREATE TABLE helhedsplan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fokusperson_id uuid NOT NULL UNIQUE REFERENCES fokusperson(id),
        current_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE helhedsplan_version (
        helhedsplan_id uuid NOT NULL REFERENCES helhedsplan(id),
        version integer NOT NULL,
        meeting_id uuid,
        created_by_user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        key_id text,
        goals_ciphertext bytea,
        change_ciphertext bytea,
        PRIMARY KEY (helhedsplan_id, version)
      )`);
    await q.query(`
      CREATE TABLE step (
        id uuid PRIMARY KEY,
        helhedsplan_id uuid NOT NULL REFERENCES helhedsplan(id),
        fokusperson_id uuid NOT NULL REFERENCES fokusperson(id),
        plan_version integer NOT NULL,
        owner_authority_id uuid NOT NULL REFERENCES authority(id),
        assignee_user_id uuid NOT NULL REFERENCES app_user(id),
        due_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED')),
        block_reason text CHECK (block_reason IN ('NOT_POSSIBLE', 'WAITING_ON_OTHER_AUTHORITY', 'CITIZEN_DECLINED')),
        key_id text,
        description_ciphertext bytea,
        note_ciphertext bytea,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'BLOCKED') = (block_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX step_assignee_idx ON step (assignee_user_id, due_date) WHERE status NOT IN ('DONE', 'CANCELLED')`);
    await q.query(`CREATE INDEX step_owner_idx ON step (owner_authority_id, due_date) WHERE status NOT IN ('DONE', 'CANCELLED')`);
    await q.query(`CREATE INDEX step_fokusperson_idx ON step (fokusperson_id)`);
    await q.query(`
      CREATE TABLE step_event (
        id bigserial PRIMARY KEY,
        step_id uuid NOT NULL REFERENCES step(id),
        idempotency_key text NOT NULL UNIQUE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL
      )`);
    // One row per e-mail sent, by idempotency key: a retried send finds it and does not send again.
    await q.query(`
      CREATE TABLE email_delivery (
        idempotency_key text PRIMARY KEY,
        recipient_user_id uuid NOT NULL REFERENCES app_user(id),
        message_id text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON helhedsplan, helhedsplan_version, step, step_event, email_delivery TO psp_app`);
    await q.query(`GRANT USAGE ON SEQUENCE step_event_id_seq TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_delivery, step_event, step, helhedsplan_version, helhedsplan`);
    await q.query(`ALTER TABLE forum DROP COLUMN reminder_policy`);
  }
}
