import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  idempotencyKey: string | null;
  /** The body, decoded from quoted-printable when so sent. */
  text: string;
  raw: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtpSink(): Promise<{ url: string; mails: ReceivedMail[]; stop(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        // Unfold the header block (a long value continues on lines that start with white space).
        const head = raw.split('\r\n\r\n')[0].replace(/\r\n(?=[ \t])/g, '');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(head)?.[1]?.trim() ?? null;
        const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
        const text = /quoted-printable/i.test(header('Content-Transfer-Encoding') ?? '') ? decodeQuotedPrintable(body) : body;
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: header('Subject') ?? '', idempotencyKey: header('X-PSP-Idempotency-Key'), text, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
