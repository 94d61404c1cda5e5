import type { AddressInfo } from 'node:net';
import { recordNotice, type SendOutcome } from '@psp/persistence';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { MailDispatcher, retryDelayMs } from '../apps/mailer/src/mail-dispatcher';
import { createTestDatabase, type TestDatabase } from './support/services';

/**
 * The mailer against a real SMTP server that refuses on command: a temporary refusal (4xx) is
 * tried again and then delivered, a permanent one (5xx) is given up and counted, a sent e-mail
 * keeps no address or text, and a queued e-mail wakes the mailer (LISTEN/NOTIFY), not a poll.
 */
describe('mailer (outbox → SMTP)', () => {
  let db: TestDatabase;
  let server: SMTPServer;
  let url: string;
  const received: string[] = [];
  /** How the server answers RCPT TO per address: a number of temporary refusals first, or refuse for good. */
  const refusals = new Map<string, number | 'always'>();
  const outcomes: { key: string; outcome: SendOutcome }[] = [];
  let dispatcher: MailDispatcher;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const left = refusals.get(address.address);
        if (left === 'always') return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        if (typeof left === 'number' && left > 0) {
          refusals.set(address.address, left - 1);
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    [{ id: userId }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
    dispatcher = new MailDispatcher({
      dataSource: db.appDataSource,
      databaseUrl: db.url,
      transport: createTransport({ url, pool: true, maxConnections: 2 }),
      from: 'PSP Test <test@psp.invalid>',
      concurrency: 2,
      onOutcome: (mail, outcome) => outcomes.push({ key: mail.idempotencyKey, outcome }),
    });
    await dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.drop();
  });

  const queue = (key: string, address: string) =>
    recordNotice(
      db.appDataSource,
      { recipientUserId: userId, idempotencyKey: key, kind: 'TEST', subject: 'Emne', body: 'Tekst' },
      { idempotencyKey: key, recipientUserId: userId, address, kind: 'TEST', subject: 'Emne', body: `Tekst ${key}`, messageId: `<${key}@psp-koordinering>` },
    );
  const mailsFor = (key: string) => received.filter((m) => new RegExp(`^X-PSP-Idempotency-Key: ${key}\r?$`, 'im').test(m));
  const row = async (key: string) => (await db.dataSource.query(`SELECT * FROM email_outbox WHERE idempotency_key = $1`, [key]))[0];
  const until = async (what: () => Promise<boolean> | boolean, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end && !(await what()); ) await new Promise((r) => setTimeout(r, 50));
  };

  it('sends a queued e-mail once, woken by the queueing, and keeps no address or text after', async () => {
    await new Promise((r) => setTimeout(r, 300)); // the loops have found nothing and sleep (up to a minute)
    expect(await queue('mail-ok', 'ok@psp.example')).toEqual({ inboxCreated: true, mailQueued: true });
    expect(await queue('mail-ok', 'ok@psp.example')).toEqual({ inboxCreated: false, mailQueued: false }); // once per key
    await until(async () => (await row('mail-ok')).sent_at !== null, 10_000);
    const sent = await row('mail-ok');
    expect(sent).toMatchObject({ attempts: 1, last_error: null, recipient_address: null, subject: null, body: null, gave_up_at: null });
    expect(mailsFor('mail-ok')).toHaveLength(1);
    expect(mailsFor('mail-ok')[0]).toMatch(/^Message-ID: <mail-ok@psp-koordinering>/m);
  });

  it('tries a temporary refusal again and delivers', async () => {
    refusals.set('busy@psp.example', 1);
    await queue('mail-busy', 'busy@psp.example');
    await until(async () => (await row('mail-busy')).attempts === 1, 10_000);
    const waiting = await row('mail-busy');
    expect(waiting.sent_at).toBeNull();
    expect(waiting.last_error).toMatch(/^451/);
    expect(waiting.recipient_address).toBe('busy@psp.example'); // kept for the next try
    expect(new Date(waiting.next_attempt_at).getTime()).toBeGreaterThan(Date.now() - 1000);
    await until(async () => (await row('mail-busy')).sent_at !== null, retryDelayMs(0) + 10_000);
    expect(await row('mail-busy')).toMatchObject({ attempts: 2, last_error: null, gave_up_at: null });
    expect(mailsFor('mail-busy')).toHaveLength(1);
    expect(outcomes.filter((o) => o.key === 'mail-busy').map((o) => o.outcome.result)).toEqual(['retry', 'sent']);
  });

  it('gives up on a permanent refusal, says why, and tries no more', async () => {
    refusals.set('gone@psp.example', 'always');
    await queue('mail-gone', 'gone@psp.example');
    await until(async () => (await row('mail-gone')).gave_up_at !== null, 10_000);
    const given = await row('mail-gone');
    expect(given).toMatchObject({ attempts: 1, sent_at: null, recipient_address: null, body: null });
    expect(given.last_error).toMatch(/^550/);
    await new Promise((r) => setTimeout(r, retryDelayMs(1) + 500));
    expect((await row('mail-gone')).attempts).toBe(1);
    expect(outcomes.filter((o) => o.key === 'mail-gone').map((o) => o.outcome.result)).toEqual(['gave-up']);
    expect(mailsFor('mail-gone')).toEqual([]);
  });
});
