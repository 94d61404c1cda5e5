import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SmtpMessage {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that hands each received message to `onMessage` (no auth, no TLS). */
export async function startSmtpServer(port: number, onMessage: (m: SmtpMessage) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        onMessage({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${actual}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The embedded default's mail sink: every e-mail the worker sends lands as an .eml file a developer can open. */
export async function startMailSink(dir: string, port: number) {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return startSmtpServer(port, (m) => {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${++n}.eml`;
    writeFileSync(join(dir, name), m.raw);
  });
}
