import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { recordNotification } from '@psp/persistence';
import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';

export interface NotifySettings {
  publicBaseUrl: string;
  /** Unset: in-app notifications only (the worker says so at start). */
  mail: { transport: Transporter; from: string } | undefined;
}

export interface MailContent {
  subject: string;
  text: string;
  /** A calendar invite (iCalendar text) sent as the message's text/calendar part. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Counts a notice on the worker's metrics endpoint (Temporal's meter: `psp_notifications_{sent,failed}_total`). */
export function countNotice(outcome: 'sent' | 'failed', channel: 'inbox' | 'email', kind: string): void {
  Context.current().metricMeter.createCounter(`psp_notifications_${outcome}`, '1', `Notifications ${outcome}, by channel and kind`).add(1, { channel, kind });
}

/**
 * Delivers one notice to one recipient: the inbox row and, with SMTP configured, the e-mail, each
 * once per key. Returns true when this call created the inbox row.
 */
export async function deliverNotice(
  dataSource: DataSource,
  settings: NotifySettings,
  notice: { key: string; kind: string; link: string; recipient: { id: string; email: string } } & MailContent,
): Promise<boolean> {
  let created: boolean;
  try {
    created = await recordNotification(dataSource, { recipientUserId: notice.recipient.id, idempotencyKey: notice.key, kind: notice.kind, subject: notice.subject, body: notice.text, link: notice.link });
  } catch (err) {
    countNotice('failed', 'inbox', notice.kind);
    throw err;
  }
  if (created) countNotice('sent', 'inbox', notice.kind);
  if (settings.mail) await sendOnce(dataSource, settings.mail, notice.key, notice.recipient, notice, notice.kind);
  return created;
}

/** Sends an e-mail once per key: a retried activity finds the delivery row and does not send again. */
async function sendOnce(
  dataSource: DataSource,
  mail: NonNullable<NotifySettings['mail']>,
  key: string,
  to: { id: string; email: string },
  content: MailContent,
  kind: string,
): Promise<void> {
  const known = await dataSource.query(`SELECT 1 FROM email_delivery WHERE idempotency_key = $1`, [key]);
  if (known.length > 0) return;
  // A stable Message-ID lets receiving systems drop a duplicate from a crash between send and record.
  const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@psp-koordinering>`;
  try {
    await mail.transport.sendMail({
      from: mail.from,
      to: to.email,
      subject: content.subject,
      text: content.text,
      messageId,
      headers: { 'X-PSP-Idempotency-Key': key },
      ...(content.calendar ? { icalEvent: { method: content.calendar.method, filename: 'invite.ics', content: content.calendar.content } } : {}),
    });
  } catch (err) {
    countNotice('failed', 'email', kind);
    throw err; // the activity retries
  }
  countNotice('sent', 'email', kind);
  await dataSource.query(
    `INSERT INTO email_delivery (idempotency_key, recipient_user_id, message_id) VALUES ($1, $2, $3) ON CONFLICT (idempotency_key) DO NOTHING`,
    [key, to.id, messageId],
  );
}
