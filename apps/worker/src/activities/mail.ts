import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { recordNotice } from '@psp/persistence';
import type { DataSource } from 'typeorm';

export interface NotifySettings {
  /** Where people open the web app: every link a notice carries points into it. */
  webBaseUrl: string;
  /**
   * Set when SMTP is configured: each notice also queues an e-mail in the outbox, which the mailer
   * process sends. Unset: in-app notifications only. (An invite's organizer is not `from`, but
   * INVITE_ORGANIZER_ADDRESS of @psp/documents, as in the invite the api serves for download.)
   */
  mail: { from: string } | undefined;
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

/** The e-mail's Message-ID, the same for every send of one key. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@psp-koordinering>`;
}

/**
 * Delivers one notice to one recipient: the inbox row and, with SMTP configured, the e-mail into
 * the outbox, in one transaction and each once per key. The worker never talks SMTP itself, so a
 * worker that dies mid-run sends no e-mail twice. Returns true when this call created the inbox row.
 */
export async function deliverNotice(
  dataSource: DataSource,
  settings: NotifySettings,
  notice: { key: string; kind: string; link: string; recipient: { id: string; email: string } } & MailContent,
): Promise<boolean> {
  try {
    const { inboxCreated } = await recordNotice(
      dataSource,
      { recipientUserId: notice.recipient.id, idempotencyKey: notice.key, kind: notice.kind, subject: notice.subject, body: notice.text, link: notice.link },
      settings.mail
        ? {
            idempotencyKey: notice.key,
            recipientUserId: notice.recipient.id,
            address: notice.recipient.email,
            kind: notice.kind,
            subject: notice.subject,
            body: notice.text,
            messageId: messageIdFor(notice.key),
            ...(notice.calendar ? { calendar: notice.calendar } : {}),
          }
        : undefined,
    );
    if (inboxCreated) countNotice('sent', 'inbox', notice.kind);
    return inboxCreated;
  } catch (err) {
    countNotice('failed', 'inbox', notice.kind);
    throw err;
  }
}
