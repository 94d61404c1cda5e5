import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each verification of the access log's hash chains (an auditor's, through the api) is recorded:
 * when, by whom, and what it found, so the auditor's workspace can say when the log was last
 * verified and what the result was. A record is a fact: the app may add and read, never change.
 */
export class AccessLogVerification1765400000000 implements MigrationInterface {
  name = 'AccessLogVerification1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_log_verification (
      id bigserial PRIMARY KEY,
      verified_at timestamptz NOT NULL DEFAULT now(),
      verified_by_user_id uuid NOT NULL REFERENCES app_user (id),
      ok boolean NOT NULL,
      rows_checked bigint NOT NULL CHECK (rows_checked >= 0),
      chain smallint,
      broken_seq bigint,
      broken_id uuid,
      reason text,
      CHECK (ok = (reason IS NULL))
    )`);
    await q.query(`CREATE INDEX access_log_verification_latest ON access_log_verification (verified_at DESC, id DESC)`);
    await q.query(`REVOKE ALL ON access_log_verification FROM psp_app`);
    await q.query(`GRANT SELECT, INSERT ON access_log_verification TO psp_app`);
    await q.query(`GRANT USAGE ON SEQUENCE access_log_verification_id_seq TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log_verification`);
  }
}
