import { createHash } from 'node:crypto';
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

/** Sends an e-mail once per key: a retried activity finds the delivery row and does not send again. */
export async function sendOnce(
  dataSource: DataSource,
  mail: NonNullable<NotifySettings['mail']>,
  key: string,
  to: { id: string; email: string },
  content: MailContent,
): Promise<void> {
  const known = await dataSource.query(`SELECT 1 FROM email_delivery WHERE idempotency_key = $1`, [key]);
  if (known.length > 0) return;
  // A stable Message-ID lets receiving systems drop a duplicate from a crash between send and record.
  const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@psp-koordinering>`;
  await mail.transport.sendMail({
    from: mail.from,
    to: to.email,
    subject: content.subject,
    text: content.text,
    messageId,
    headers: { 'X-PSP-Idempotency-Key': key },
    ...(content.calendar ? { icalEvent: { method: content.calendar.method, filename: 'invite.ics', content: content.calendar.content } } : {}),
  });
  await dataSource.query(
    `INSERT INTO email_delivery (idempotency_key, recipient_user_id, message_id) VALUES ($1, $2, $3) ON CONFLICT (idempotency_key) DO NOTHING`,
    [key, to.id, messageId],
  );
}
