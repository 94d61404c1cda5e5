import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail goes through an outbox: the worker writes the message in the same transaction as the
 * inbox row, and the mailer process sends it. The worker's record of sent e-mails becomes that
 * outbox (its rows are sent messages). A sent message keeps only its key, recipient user,
 * Message-ID and time: address, texts and invite are cleared once the SMTP server has taken it.
 */
export class EmailOutbox1764400000000 implements MigrationInterface {
  name = 'EmailOutbox1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_delivery RENAME TO email_outbox`);
    await q.query(`ALTER TABLE email_outbox ALTER COLUMN sent_at DROP NOT NULL, ALTER COLUMN sent_at DROP DEFAULT`);
    await q.query(`
      ALTER TABLE email_outbox
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN kind text NOT NULL DEFAULT 'UNKNOWN',
        ADD COLUMN recipient_address text,
        ADD COLUMN subject text,
        ADD COLUMN body text,
        ADD COLUMN calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL')),
        ADD COLUMN calendar_content text,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN last_error text,
        ADD COLUMN gave_up_at timestamptz`);
    await q.query(`ALTER TABLE email_outbox ALTER COLUMN kind DROP DEFAULT`);
    await q.query(`
      ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_pending_has_content
        CHECK (sent_at IS NOT NULL OR gave_up_at IS NOT NULL OR (recipient_address IS NOT NULL AND subject IS NOT NULL AND body IS NOT NULL))`);
    await q.query(`CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL`);
    // The mailer LISTENs on this channel; PostgreSQL delivers it when the writing transaction commits.
    await q.query(`
      CREATE FUNCTION email_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('email_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER email_outbox_notify AFTER INSERT ON email_outbox FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER email_outbox_notify ON email_outbox`);
    await q.query(`DROP FUNCTION email_outbox_notify()`);
    await q.query(`DELETE FROM email_outbox WHERE sent_at IS NULL`);
    await q.query(`DROP INDEX email_outbox_due_idx`);
    await q.query(`ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_pending_has_content`);
    await q.query(`
      ALTER TABLE email_outbox
        DROP COLUMN created_at, DROP COLUMN kind, DROP COLUMN recipient_address, DROP COLUMN subject, DROP COLUMN body,
        DROP COLUMN calendar_method, DROP COLUMN calendar_content, DROP COLUMN attempts, DROP COLUMN next_attempt_at,
        DROP COLUMN last_error, DROP COLUMN gave_up_at`);
    await q.query(`ALTER TABLE email_outbox ALTER COLUMN sent_at SET DEFAULT now(), ALTER COLUMN sent_at SET NOT NULL`);
    await q.query(`ALTER TABLE email_outbox RENAME TO email_delivery`);
  }
}
