import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sign-in. The browser holds only a random session id in an HttpOnly cookie; the session
 * lives here, stored under the id's SHA-256 (a copy of the table does not let anyone sign in).
 * A login in progress (state, nonce, PKCE verifier) is kept for ten minutes, bound to the browser
 * that started it by the hash of a short-lived cookie. No token from the provider is stored.
 */
export class WebSessions1764500000000 implements MigrationInterface {
  name = 'WebSessions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_session (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        CHECK (idle_expires_at <= absolute_expires_at)
      )`);
    await q.query(`CREATE INDEX web_session_user ON web_session (user_id)`);
    await q.query(`CREATE INDEX web_session_expiry ON web_session (absolute_expires_at)`);
    await q.query(`
      CREATE TABLE web_login (
        browser_hash bytea PRIMARY KEY,
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON web_session, web_login TO psp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_login, web_session`);
  }
}
