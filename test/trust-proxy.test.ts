import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/** Which client address is logged and rate-limited: the socket's, or the one trusted proxies forward (TRUST_PROXY). */
describe('client address behind a proxy (TRUST_PROXY)', () => {
  let db: TestDatabase;
  let direct: TestApi;
  let proxied: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    direct = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('direct'), env: { AUTH_FAILURE_LIMIT: '3' } });
    proxied = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('proxied'), env: { AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: 'loopback' } });
  });

  afterAll(async () => {
    await Promise.all([direct.close(), proxied.close()]);
    await db.drop();
  });

  const loggedAddress = async (api: TestApi, requestId: string, forwardedFor: string) => {
    await request(api.http)
      .get('/api/v1/me/tasks')
      .set('Authorization', `Bearer ${await api.tokenFor('sagsbehandler.egedal')}`)
      .set('X-Request-Id', requestId)
      .set('X-Forwarded-For', forwardedFor)
      .expect(200);
    const [row] = await db.dataSource.query(`SELECT client_address FROM access_log WHERE request_id = $1 LIMIT 1`, [requestId]);
    return row.client_address as string;
  };

  it('logs the forwarded client only when the proxy in front is trusted', async () => {
    expect(await loggedAddress(direct, uniqueName('req-direct'), '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
    expect(await loggedAddress(proxied, uniqueName('req-proxied'), '203.0.113.7')).toBe('203.0.113.7');
  });

  it('rate-limits invalid tokens per client behind a trusted proxy, not for everybody', async () => {
    const bad = (api: TestApi, from: string) => request(api.http).get('/api/v1/me').set('Authorization', 'Bearer not.a.token').set('X-Forwarded-For', from);
    for (let i = 0; i < 3; i++) expect((await bad(proxied, '198.51.100.1')).status).toBe(401);
    expect((await bad(proxied, '198.51.100.1')).status).toBe(429);
    expect((await bad(proxied, '198.51.100.2')).status).toBe(401); // another client behind the same proxy
    // Without a trusted proxy the header means nothing: one socket address, one limit.
    for (let i = 0; i < 3; i++) expect((await bad(direct, `192.0.2.${i}`)).status).toBe(401);
    expect((await bad(direct, '192.0.2.99')).status).toBe(429);
  });
});
