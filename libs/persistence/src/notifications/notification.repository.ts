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
