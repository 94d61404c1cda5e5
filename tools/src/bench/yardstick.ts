import { createServer } from 'node:http';
import { loadApiConfig } from '@psp/config';
import { decideRegisterAccess, type Actor } from '@psp/domain';
import { AccessLogAppender, decryptSecrets, FieldCipher, fokuspersonRepository, PreparingClient, READ_APPENDS } from '@psp/persistence';
import { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
// The api's own view of a person, so the yardstick's JSON is the api's (the benchmark measures the api).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fokuspersonDetail } from '../../../apps/api/src/fokuspersoner/fokusperson-view';

/**
 * bench:access's yardsticks (access.bench.ts starts this file as a process of its own, in place of
 * the api): the api's audited GET of one fokusperson without the framework. Plain node:http and a
 * pg pool of the api's size and client (statements prepared, as the api's); per request the api's
 * own statements: the person with its forum's need-to-know facts through the same repository
 * function, the domain's need-to-know rule, the access-log row through the api's appender and
 * settings (shared with the requests waiting at the same time, as AuditedTransactions.read), the
 * decryption and the same JSON. With YARDSTICK_LOG=off, the same without the log row: what the
 * audit costs. Who asks is fixed (YARDSTICK_ACTOR, JSON): the
 * api finds that in the token and its user cache, which is the framework's share.
 */
const config = loadApiConfig(process.env);
const cipher = new FieldCipher(config.encryption);
const pool = new Pool({ connectionString: config.database.url, max: config.database.poolSize, Client: PreparingClient });
const actor = JSON.parse(process.env['YARDSTICK_ACTOR'] ?? '{}') as Actor;
const PATH = /^\/api\/v1\/fokuspersoner\/([0-9a-f-]{36})$/;

/** The pool as the repositories' database handle (they only call `query`; each query commits on its own, as the api's reads do). */
const db = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows } as unknown as EntityManager;
const appender = process.env['YARDSTICK_LOG'] === 'off' ? undefined : new AccessLogAppender(db, READ_APPENDS);

const server = createServer((req, res) => {
  const id = PATH.exec(req.url ?? '')?.[1];
  if (req.method !== 'GET' || !id) {
    res.writeHead(404).end();
    return;
  }
  void (async () => {
    try {
      const row = await fokuspersonRepository.findWithForum(db, id, actor.userId);
      const decision = row && decideRegisterAccess({ ...actor, forumIds: row.user_is_member ? [row.forum_id] : [] }, 'READ', { forumId: row.forum_id, memberAuthorityIds: row.forum_authority_ids });
      if (!row || !decision?.allowed) {
        res.writeHead(404).end();
        return;
      }
      if (appender) {
        await appender.append([
          {
            actor: { userId: actor.userId, username: actor.username, authorityId: actor.authorityId, roles: actor.roles },
            action: 'READ',
            resourceType: 'Fokusperson',
            resourceId: id,
            fokuspersonId: id,
            purpose: 'PSP_COORDINATION',
            outcome: 'ALLOWED',
            requestId: String(req.headers['x-request-id'] ?? ''),
            clientAddress: req.socket.remoteAddress ?? null,
          },
        ]);
      }
      const body = JSON.stringify(fokuspersonDetail(row, decryptSecrets(cipher, row)));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  })();
});
server.listen(Number(process.env['YARDSTICK_PORT']), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
