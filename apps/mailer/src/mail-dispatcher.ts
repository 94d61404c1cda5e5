import { listenForQueuedMail, nextMailDueAt, sendNextDueMail, type PendingMail, type SendOutcome } from '@psp/persistence';
import type { Transporter } from 'nodemailer';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface MailDispatcherOptions {
  dataSource: DataSource;
  /** For the LISTEN connection (PostgreSQL wakes the dispatcher when an e-mail is queued). */
  databaseUrl: string;
  transport: Transporter;
  from: string;
  /** E-mails in flight at once; one database connection each. */
  concurrency: number;
  onOutcome?: (mail: PendingMail, outcome: SendOutcome) => void;
  log?: (line: string) => void;
}

/** Longest wait between two looks at the outbox, should a wake-up from PostgreSQL be lost. */
const MAX_IDLE_MS = 60_000;
/** How long a loop waits when the only due e-mails are being sent by other loops. */
const LOCKED_ROW_PAUSE_MS = 1000;
/** Transient SMTP failures are retried after 1 s, 2 s, 4 s … at most 10 minutes apart. */
export const retryDelayMs = (attempts: number): number => Math.min(1000 * 2 ** attempts, 10 * 60_000);

/** A short description of a failed send for the outbox row: the SMTP reply or the network error, no stack. */
export function describeSendError(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return `${e.responseCode ?? e.code ?? 'ERROR'}: ${text}`.slice(0, 300);
}

/**
 * Sends the e-mails the worker queued in the outbox: `concurrency` loops, each taking the next due
 * row (locked, so several mailers can share the work), sending it and recording the outcome in the
 * same transaction. A permanent SMTP refusal (5xx) is given up and counted; anything else is tried
 * again with growing pauses. PostgreSQL wakes the loops when a row is queued (LISTEN/NOTIFY), and a
 * loop with nothing due sleeps until the next retry falls due.
 *
 * Delivery is at least once: a mailer killed between the server's acceptance and its commit sends
 * that message again, with the same Message-ID. The worker never sends, so its crashes repeat nothing.
 */
export class MailDispatcher {
  private stopped = false;
  private wakeSeq = 0;
  private readonly sleepers = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private listener: Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(private readonly o: MailDispatcherOptions) {}

  async start(): Promise<void> {
    await this.listen();
    this.loops = Array.from({ length: this.o.concurrency }, () => this.loop());
  }

  /** Stops taking new e-mails, waits for the ones in flight and closes the SMTP connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.wake();
    await Promise.all(this.loops);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    this.o.transport.close();
  }

  /** Wakes every loop (start, stop, reconnect). */
  private wake(): void {
    this.wakeSeq++;
    for (const s of this.sleepers) s();
  }

  /**
   * An e-mail was queued: one sleeping loop is enough. With none asleep, the loops are busy and
   * look again when done; the count tells one that is about to sleep to look first.
   */
  private wakeOne(): void {
    const [first] = this.sleepers;
    if (first) first();
    else this.wakeSeq++;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.o.databaseUrl, application_name: 'psp-mailer-listen' });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.o.log?.(`mailer: lost the outbox listener (${err?.message ?? 'connection ended'}); reconnecting`);
      this.reconnect = setTimeout(() => this.listen().catch((e: Error) => lost(e)), 1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.wakeOne());
    this.listener = client;
    try {
      await client.connect();
      await listenForQueuedMail(client);
    } catch (err) {
      lost(err as Error);
      return;
    }
    this.wake(); // catch up with whatever was queued while nobody listened
  }

  private sleep(ms: number, seq: number): Promise<void> {
    if (this.stopped || seq !== this.wakeSeq) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const seq = this.wakeSeq;
      try {
        if (await sendNextDueMail(this.o.dataSource, (mail) => this.send(mail))) continue;
        // Nothing this loop may take: sleep until the next retry falls due or an e-mail is queued.
        // A row due now is being sent by another loop, which looks again when done.
        const nextDueAt = await nextMailDueAt(this.o.dataSource);
        const untilDue = nextDueAt ? nextDueAt.getTime() - Date.now() : MAX_IDLE_MS;
        await this.sleep(untilDue > 0 ? Math.min(untilDue, MAX_IDLE_MS) : LOCKED_ROW_PAUSE_MS, seq);
      } catch (err) {
        // The database is unavailable: what was being sent stays queued (and may go twice).
        this.o.log?.(`mailer: outbox unavailable (${(err as Error).message}); trying again in 1 s`);
        await this.sleep(1000, this.wakeSeq);
      }
    }
  }

  private async send(mail: PendingMail): Promise<SendOutcome> {
    let outcome: SendOutcome;
    try {
      await this.o.transport.sendMail({
        from: this.o.from,
        to: mail.address,
        subject: mail.subject,
        text: mail.body,
        // Stable per key: a receiving system can drop the repeat a mailer crash may cause.
        messageId: mail.messageId,
        headers: { 'X-PSP-Idempotency-Key': mail.idempotencyKey },
        ...(mail.calendar ? { icalEvent: { method: mail.calendar.method, filename: 'invite.ics', content: mail.calendar.content } } : {}),
      });
      outcome = { result: 'sent' };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const error = describeSendError(err);
      outcome = code !== undefined && code >= 500 && code < 600 ? { result: 'gave-up', error } : { result: 'retry', error, retryInMs: retryDelayMs(mail.attempts) };
      this.o.log?.(`mailer: ${mail.kind} ${mail.idempotencyKey} ${outcome.result === 'gave-up' ? 'refused for good' : 'failed, will retry'}: ${error}`);
    }
    this.o.onOutcome?.(mail, outcome);
    return outcome;
  }
}
