import { startSmtpServer } from '../../tools/src/mail-sink';

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

/** The decoded text/calendar part (the invite) of a received message; null if it carries none. */
export function calendarPartOf(raw: string): string | null {
  const start = raw.search(/^Content-Type:\s*text\/calendar/im);
  if (start < 0) return null;
  const headEnd = raw.indexOf('\r\n\r\n', start);
  const head = raw.slice(start, headEnd).replace(/\r\n(?=[ \t])/g, '');
  const end = raw.indexOf('\r\n--', headEnd);
  const body = raw.slice(headEnd + 4, end < 0 ? undefined : end);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
}

/** The project's SMTP server on a free loopback port, keeping what it receives in memory. */
export async function startSmtpSink(): Promise<{ url: string; mails: ReceivedMail[]; stop(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = await startSmtpServer(0, ({ to, raw }) => {
    // Unfold the header block (a long value continues on lines that start with white space).
    const head = raw.split('\r\n\r\n')[0].replace(/\r\n(?=[ \t])/g, '');
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(head)?.[1]?.trim() ?? null;
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    const text = /quoted-printable/i.test(header('Content-Transfer-Encoding') ?? '') ? decodeQuotedPrintable(body) : body;
    mails.push({ to: to.join(','), subject: header('Subject') ?? '', idempotencyKey: header('X-PSP-Idempotency-Key'), text, raw });
  });
  return { url: server.url, mails, stop: server.stop };
}
