import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { DEV_AUDIENCE, DEV_ISSUER } from '../tools/src/dev-issuer';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/** Token attacks, rate limiting of failed authentication, security headers, CORS, body limits, metrics. */
describe('api hardening', () => {
  let db: TestDatabase;
  let api: TestApi;
  let user: { id: string; authority_id: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('security'), env: { AUTH_FAILURE_LIMIT: '12' } });
    [user] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'koordinator.pcb'`);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => ({
    sub: user.id,
    authority_id: user.authority_id,
    roles: ['COORDINATOR'],
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const signed = (over: Record<string, unknown> = {}) => {
    const jwt = new SignJWT({ ...claims(), ...over }).setProtectedHeader({ alg: 'ES256' });
    return jwt.sign(api.privateKey);
  };
  const failures = async () => {
    const text = (await request(api.http).get('/metrics').expect(200)).text;
    return Number(/^psp_auth_failures_total\{reason="invalid"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };

  it('answers every kind of forged or unfit token with 401 and counts it', async () => {
    const before = await failures();
    const [h, p] = (await signed()).split('.');
    const attacks: Record<string, string> = {
      'alg none': `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`,
      'HS256 with the public key as secret': (() => {
        const head = part({ alg: 'HS256', typ: 'JWT' });
        const body = part(claims());
        return `${head}.${body}.${createHmac('sha256', api.publicKeyPem).update(`${head}.${body}`).digest('base64url')}`;
      })(),
      expired: await signed({ exp: Math.floor(Date.now() / 1000) - 600 }),
      'not yet valid': await signed({ nbf: Math.floor(Date.now() / 1000) + 600 }),
      'wrong issuer': await signed({ iss: 'https://evil.example' }),
      'wrong audience': await signed({ aud: 'another-api' }),
      'tampered payload': `${h}.${part({ ...claims(), roles: ['ADMIN'] })}.${(await signed()).split('.')[2]}`,
      'missing claims': await signed({ authority_id: undefined, roles: undefined }),
      'another key': await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
    };
    expect(p).toBeTruthy();
    for (const [name, token] of Object.entries(attacks)) {
      const res = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect({ name, status: res.status, error: res.body.error }).toEqual({ name, status: 401, error: 'Unauthorized' });
    }
    expect(await failures()).toBe(before + Object.keys(attacks).length);
  });

  it('limits repeated failed authentication from one address with 429', async () => {
    const valid = await api.tokenFor('koordinator.pcb');
    let status = 401;
    for (let i = 0; i < 20 && status === 401; i++) status = (await request(api.http).get('/api/v1/me').set('Authorization', 'Bearer not.a.token')).status;
    expect(status).toBe(429);
    const blocked = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${valid}`).expect(429);
    expect(blocked.body.message).toMatch(/Too many invalid tokens/);
    await request(api.http).get('/health/live').expect(200); // public routes stay open
  });

  it('sends security headers, keeps CORS closed and refuses oversized bodies', async () => {
    const res = await request(api.http).get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const preflight = await request(api.http).options('/api/v1/me').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const big = await request(api.http).post('/api/v1/fokuspersoner/search').set('content-type', 'application/json').send(JSON.stringify({ cpr: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('exposes request latency per route', async () => {
    const text = (await request(api.http).get('/metrics').expect(200)).text;
    expect(text).toMatch(/psp_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(text).toContain('psp_api_process_cpu_seconds_total');
  });
});
