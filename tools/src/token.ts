import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isRole, type Role } from '@psp/domain';
import { Client } from 'pg';
import { devKeyFiles } from './dev-issuer';
import { dataDir } from './paths';
import { readRuntime } from './runtime-file';
import { signDevToken } from './sign-token';

/**
 * `npm run token -- <username>` prints an access token (and nothing else on stdout) for a user
 * in the database, signed by the local development issuer; `--list` lists the users.
 */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(args: string[]): Promise<void> {
  const dir = dataDir();
  const databaseUrl = process.env['DATABASE_URL'] ?? readRuntime(dir)?.databaseUrl;
  if (!databaseUrl) fail('No running system found: start it with "npm start" (or set DATABASE_URL).');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect().catch(() => fail('Cannot reach the database: is "npm start" still running?'));
  try {
    if (args.length !== 1 || args[0] === '--help') {
      fail('Usage: npm run token -- <username>   |   npm run token -- --list');
    }
    if (args[0] === '--list') {
      const { rows } = await client.query(
        `SELECT u.username, a.name AS authority, array_to_string(u.roles, ',') AS roles
           FROM app_user u JOIN authority a ON a.id = u.authority_id WHERE u.active ORDER BY u.username`,
      );
      const width = Math.max(...rows.map((r) => r.username.length));
      for (const r of rows) process.stdout.write(`${r.username.padEnd(width)}  ${r.roles.padEnd(12)}  ${r.authority}\n`);
      return;
    }
    const { rows } = await client.query(
      `SELECT id, username, authority_id, roles FROM app_user WHERE username = $1 AND active`,
      [args[0]],
    );
    if (rows.length === 0) fail(`No active user "${args[0]}". See: npm run token -- --list`);
    const keyFile = process.env['JWT_PRIVATE_KEY_FILE'] ?? devKeyFiles(dir).privateKeyFile;
    if (!existsSync(keyFile)) fail(`No signing key at ${keyFile}: "npm start" creates it on first start.`);
    const u = rows[0] as { id: string; username: string; authority_id: string; roles: string[] };
    const roles = u.roles.filter(isRole) as Role[];
    process.stdout.write(`${await signDevToken(createPrivateKey(readFileSync(keyFile, 'utf8')), { id: u.id, username: u.username, authorityId: u.authority_id, roles })}\n`);
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
