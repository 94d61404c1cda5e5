import type { DataSource, EntityManager } from 'typeorm';

export interface NewNotification {
  recipientUserId: string;
  idempotencyKey: string;
  kind: string;
  subject: string;
  body: string;
  link?: string | null;
}

/**
 * Writes an inbox row once per idempotency key. Returns true when this call created it, false
 * when an earlier attempt already had (a retried activity or a replayed workflow).
 */
export async function recordNotification(dataSource: DataSource, n: NewNotification): Promise<boolean> {
  return insertNotification(dataSource.manager, n);
}

/** The insert of `recordNotification`, inside a caller's transaction. */
export async function insertNotification(manager: EntityManager, n: NewNotification): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO notification (recipient_user_id, idempotency_key, kind, subject, body, link)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [n.recipientUserId, n.idempotencyKey, n.kind, n.subject, n.body, n.link ?? null],
  );
  return rows.length === 1;
}

/** One entry of a user's inbox. */
export interface InboxNotification {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A user's notifications, newest first (only unread ones when asked), at most `limit`. */
export async function listNotifications(db: DataSource | EntityManager, recipientUserId: string, unreadOnly: boolean | undefined, limit: number): Promise<InboxNotification[]> {
  const rows: { id: string; kind: string; subject: string; body: string; link: string | null; created_at: Date; read_at: Date | null }[] = await db.query(
    `SELECT id, kind, subject, body, link, created_at, read_at FROM notification
      WHERE recipient_user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL)
      ORDER BY created_at DESC LIMIT $3`,
    [recipientUserId, unreadOnly ?? null, limit],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, subject: r.subject, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at }));
}

/** Marks one of the user's notifications read (again is harmless); false when the user has no such notification. */
export async function markNotificationRead(db: DataSource | EntityManager, id: string, recipientUserId: string): Promise<boolean> {
  // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
  const [rows]: [{ id: string }[], number] = await db.query(
    `UPDATE notification SET read_at = coalesce(read_at, now())
      WHERE id = $1 AND recipient_user_id = $2 RETURNING id`,
    [id, recipientUserId],
  );
  return rows.length === 1;
}
