import type { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { insertNotification, type NewNotification } from './notification.repository';

/** An e-mail to send once per idempotency key; the mailer process sends it. */
export interface OutboxMail {
  idempotencyKey: string;
  recipientUserId: string;
  address: string;
  kind: string;
  subject: string;
  body: string;
  /** Stable per key, so a receiving system can drop a repeat (see the mailer). */
  messageId: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/**
 * Writes a notice's inbox row and, when given, its e-mail into the outbox, in one transaction and
 * each once per key: a retried activity or a replayed workflow writes nothing twice, and no crash
 * leaves one without the other.
 */
export async function recordNotice(dataSource: DataSource, inbox: NewNotification, mail?: OutboxMail): Promise<{ inboxCreated: boolean; mailQueued: boolean }> {
  return dataSource.transaction(async (tx) => {
    const inboxCreated = await insertNotification(tx, inbox);
    const mailQueued = mail ? await queueMail(tx, mail) : false;
    return { inboxCreated, mailQueued };
  });
}

async function queueMail(tx: EntityManager, m: OutboxMail): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO email_outbox (idempotency_key, recipient_user_id, kind, recipient_address, subject, body, message_id, calendar_method, calendar_content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING 1`,
    [m.idempotencyKey, m.recipientUserId, m.kind, m.address, m.subject, m.body, m.messageId, m.calendar?.method ?? null, m.calendar?.content ?? null],
  );
  return rows.length === 1;
}

/** A queued e-mail as the mailer reads it. */
export interface PendingMail {
  idempotencyKey: string;
  kind: string;
  address: string;
  subject: string;
  body: string;
  messageId: string;
  calendar: { method: 'REQUEST' | 'CANCEL'; content: string } | null;
  attempts: number;
}

/** What became of one send: taken by the SMTP server, to try again later, or refused for good. */
export type SendOutcome = { result: 'sent' } | { result: 'retry'; error: string; retryInMs: number } | { result: 'gave-up'; error: string };

/**
 * Takes the next due e-mail, locked for this transaction (other mailers skip it), hands it to
 * `send` and records the outcome in the same transaction. A mailer that dies mid-send leaves the
 * row unlocked and unsent. Returns false when nothing was due.
 */
export async function sendNextDueMail(dataSource: DataSource, send: (mail: PendingMail) => Promise<SendOutcome>): Promise<boolean> {
  return dataSource.transaction(async (tx) => {
    const [row] = await tx.query(
      `SELECT idempotency_key, kind, recipient_address, subject, body, message_id, calendar_method, calendar_content, attempts
         FROM email_outbox
        WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    );
    if (!row) return false;
    const outcome = await send({
      idempotencyKey: row.idempotency_key,
      kind: row.kind,
      address: row.recipient_address,
      subject: row.subject,
      body: row.body,
      messageId: row.message_id,
      calendar: row.calendar_method ? { method: row.calendar_method, content: row.calendar_content } : null,
      attempts: row.attempts,
    });
    // Once sent or given up, only the key, recipient user, kind, Message-ID and times remain.
    const clear = `recipient_address = NULL, subject = NULL, body = NULL, calendar_method = NULL, calendar_content = NULL`;
    if (outcome.result === 'sent') {
      await tx.query(`UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL, ${clear} WHERE idempotency_key = $1`, [row.idempotency_key]);
    } else if (outcome.result === 'retry') {
      await tx.query(
        `UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE idempotency_key = $1`,
        [row.idempotency_key, outcome.error, outcome.retryInMs],
      );
    } else {
      await tx.query(`UPDATE email_outbox SET gave_up_at = now(), attempts = attempts + 1, last_error = $2, ${clear} WHERE idempotency_key = $1`, [
        row.idempotency_key,
        outcome.error,
      ]);
    }
    return true;
  });
}

/** When the next queued e-mail falls due; null when none waits. */
export async function nextMailDueAt(dataSource: DataSource): Promise<Date | null> {
  const [row] = await dataSource.query(
    `SELECT next_attempt_at FROM email_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL ORDER BY next_attempt_at LIMIT 1`,
  );
  return row ? new Date(row.next_attempt_at) : null;
}

/** How many queued e-mails wait, and since when (null: none waits): the mailer's metrics. */
export async function outboxBacklog(dataSource: DataSource): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS pending, min(created_at) AS oldest FROM email_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL`,
  );
  return { pending: row.pending, oldestCreatedAt: row.oldest ? new Date(row.oldest) : null };
}

/**
 * Subscribes a dedicated connection to the outbox's wake-ups: PostgreSQL sends it a notification
 * on `email_outbox` whenever e-mails are queued (the email_outbox_notify trigger).
 */
export async function listenForQueuedMail(connection: Client): Promise<void> {
  await connection.query('LISTEN email_outbox');
}
