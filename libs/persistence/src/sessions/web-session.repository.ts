import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A random, URL-safe secret of 256 bits: the session id and the login-binding cookie value. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');
const sha256 = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export interface WebSession {
  userId: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** How long a login may take between leaving for the provider and coming back. */
const LOGIN_MINUTES = 10;
/** A session's idle expiry is pushed forward at most this often (one write per session per 15 s, not per request). */
const TOUCH_EVERY_SECONDS = 15;

const toSession = (r: { user_id: string; idle_expires_at: Date; absolute_expires_at: Date }): WebSession => ({
  userId: r.user_id,
  idleExpiresAt: new Date(r.idle_expires_at),
  absoluteExpiresAt: new Date(r.absolute_expires_at),
});

/**
 * Browser sessions and logins in progress. Only hashes of the cookie values are stored; expiry is
 * decided by the database's clock so every api replica agrees.
 */
export class WebSessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(userId: string, idleMinutes: number, absoluteHours: number): Promise<{ id: string; session: WebSession }> {
    const id = randomSecret();
    // Expired sessions and abandoned logins go when someone signs in: no timer needed.
    await this.dataSource.query(`DELETE FROM web_session WHERE idle_expires_at < now() OR absolute_expires_at < now()`);
    const [row] = await this.dataSource.query(
      `INSERT INTO web_session (id_hash, user_id, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, least(now() + make_interval(mins => $3), now() + make_interval(hours => $4)), now() + make_interval(hours => $4))
       RETURNING user_id, idle_expires_at, absolute_expires_at`,
      [sha256(id), userId, idleMinutes, absoluteHours],
    );
    return { id, session: toSession(row) };
  }

  /**
   * The live session for a cookie value, or undefined when it is unknown or expired. With `touch`
   * (a request the person made, not a background refresh) its idle expiry moves forward.
   */
  async find(id: string, touch: { idleMinutes: number } | undefined): Promise<WebSession | undefined> {
    const hash = sha256(id);
    if (touch) {
      const rows = await this.dataSource.query(
        `UPDATE web_session SET last_seen_at = now(), idle_expires_at = least(now() + make_interval(mins => $2), absolute_expires_at)
          WHERE id_hash = $1 AND idle_expires_at > now() AND absolute_expires_at > now()
            AND last_seen_at < now() - make_interval(secs => $3)
          RETURNING user_id, idle_expires_at, absolute_expires_at`,
        [hash, touch.idleMinutes, TOUCH_EVERY_SECONDS],
      );
      // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
      const updated = (rows as [Parameters<typeof toSession>[0][], number])[0];
      if (updated.length === 1) return toSession(updated[0]);
    }
    const [row] = await this.dataSource.query(
      `SELECT user_id, idle_expires_at, absolute_expires_at FROM web_session
        WHERE id_hash = $1 AND idle_expires_at > now() AND absolute_expires_at > now()`,
      [hash],
    );
    return row ? toSession(row) : undefined;
  }

  /** Pushes the idle expiry forward now (the person chose to stay signed in). */
  async extend(id: string, idleMinutes: number): Promise<WebSession | undefined> {
    const [rows] = await this.dataSource.query(
      `UPDATE web_session SET last_seen_at = now(), idle_expires_at = least(now() + make_interval(mins => $2), absolute_expires_at)
        WHERE id_hash = $1 AND idle_expires_at > now() AND absolute_expires_at > now()
        RETURNING user_id, idle_expires_at, absolute_expires_at`,
      [sha256(id), idleMinutes],
    );
    return rows.length === 1 ? toSession(rows[0]) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM web_session WHERE id_hash = $1`, [sha256(id)]);
  }

  async startLogin(browserSecret: string, login: PendingLogin): Promise<void> {
    await this.dataSource.query(`DELETE FROM web_login WHERE created_at < now() - make_interval(mins => $1)`, [LOGIN_MINUTES]);
    await this.dataSource.query(
      `INSERT INTO web_login (browser_hash, state, nonce, code_verifier, return_to) VALUES ($1, $2, $3, $4, $5)`,
      [sha256(browserSecret), login.state, login.nonce, login.codeVerifier, login.returnTo],
    );
  }

  /** The login this browser started (once: it is removed), if it is younger than ten minutes. */
  async takeLogin(browserSecret: string): Promise<PendingLogin | undefined> {
    const [rows] = await this.dataSource.query(
      `DELETE FROM web_login WHERE browser_hash = $1 RETURNING state, nonce, code_verifier, return_to, created_at > now() - make_interval(mins => $2) AS fresh`,
      [sha256(browserSecret), LOGIN_MINUTES],
    );
    const r = rows[0];
    return r?.fresh ? { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier, returnTo: r.return_to } : undefined;
  }
}
