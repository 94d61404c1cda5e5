import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { DEV_AUDIENCE, DEV_ISSUER } from '../tools/src/dev-issuer';
import { signDevToken } from '../tools/src/sign-token';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

describe('identity through HTTP', () => {
  let db: TestDatabase;
  let api: TestApi;
  let coordinator: { id: string; authority_id: string; roles: string[] };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('identity') });
    [coordinator] = await db.dataSource.query(`SELECT id, authority_id, roles FROM app_user WHERE username = 'koordinator.politi'`);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const expectJson401 = (res: request.Response) => {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|stack/i);
  };

  it('GET /api/v1/me returns the seeded coordinator with authority and fora', async () => {
    const res = await request(api.http)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${await api.tokenFor('koordinator.politi')}`)
      .expect(200);
    expect(res.body).toMatchObject({
      id: coordinator.id,
      username: 'koordinator.politi',
      roles: ['COORDINATOR'],
      authority: { id: coordinator.authority_id, name: 'Nordsjællands Politi', kind: 'POLICE' },
    });
    expect(res.body.fora.map((f: { name: string }) => f.name)).toHaveLength(2);
  });

  it('answers 401 with a JSON error without a token or with a malformed header', async () => {
    expectJson401(await request(api.http).get('/api/v1/me'));
    expectJson401(await request(api.http).get('/api/v1/me').set('Authorization', 'Basic abc'));
  });

  it('answers 401 to a token signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await signDevToken(privateKey, { id: coordinator.id, username: 'koordinator.politi', authorityId: coordinator.authority_id, roles: ['COORDINATOR'] });
    expectJson401(await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`));
  });

  it('answers 401 to an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ authority_id: coordinator.authority_id, roles: ['COORDINATOR'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(coordinator.id)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(api.privateKey);
    const res = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expectJson401(res);
    expect(res.body.message).toMatch(/expired/);
  });

  it('answers 401 to alg "none"', async () => {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({
      sub: coordinator.id,
      authority_id: coordinator.authority_id,
      roles: ['ADMIN'],
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 600,
    })}.`;
    expectJson401(await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`));
  });

  it('answers 401 when the user behind a valid token has been deactivated', async () => {
    const token = await api.tokenFor('sagsbehandler.pch');
    await db.dataSource.query(`UPDATE app_user SET active = false WHERE username = 'sagsbehandler.pch'`);
    expectJson401(await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`));
  });

  it('keeps health probes public', async () => {
    await request(api.http).get('/health/live').expect(200, { status: 'ok' });
  });
});
