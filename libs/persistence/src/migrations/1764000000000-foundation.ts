import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE authority (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        kind text NOT NULL CHECK (kind IN ('POLICE', 'MUNICIPALITY', 'PSYCHIATRY')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]*$'),
        display_name text NOT NULL CHECK (length(trim(display_name)) > 0),
        email text NOT NULL,
        authority_id uuid NOT NULL REFERENCES authority(id),
        roles text[] NOT NULL CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['ADMIN', 'COORDINATOR', 'CASEWORKER', 'SUPERVISOR', 'AUDITOR']::text[]
        ),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_user_authority_idx ON app_user (authority_id)`);
    await q.query(`
      CREATE TABLE forum (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE forum_authority (
        forum_id uuid NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
        authority_id uuid NOT NULL REFERENCES authority(id),
        PRIMARY KEY (forum_id, authority_id)
      )`);
    await q.query(`
      CREATE TABLE forum_member (
        forum_id uuid NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        PRIMARY KEY (forum_id, user_id)
      )`);
    await q.query(`CREATE INDEX forum_member_user_idx ON forum_member (user_id)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_user_id uuid NOT NULL REFERENCES app_user(id),
        idempotency_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        link text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON notification (recipient_user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification', 'forum_member', 'forum_authority', 'forum', 'app_user', 'authority']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
