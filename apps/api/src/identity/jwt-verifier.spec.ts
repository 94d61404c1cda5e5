import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationError } from '@psp/domain';
import { exportJWK, SignJWT } from 'jose';
import { JwtVerifier } from './jwt-verifier';

const ISSUER = 'https://login.example/psp';
const AUDIENCE = 'psp-api';
const claims = {
  sub: '6f1d2c8e-3b8a-4b7e-9a55-1f0e2d3c4b5a',
  preferred_username: 'koordinator.politi',
  authority_id: '0b7f0f9e-8d1c-4a44-9f3e-2c1d0e9f8a7b',
  roles: ['COORDINATOR'],
};

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();

function sign(key: KeyObject, alg: 'ES256' | 'RS256', overrides: Record<string, unknown> = {}, opts: { exp?: string | number; iss?: string; aud?: string; kid?: string; nbf?: number } = {}) {
  const body = { ...claims, ...overrides };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete (body as Record<string, unknown>)[k];
  const jwt = new SignJWT(body)
    .setProtectedHeader({ alg, kid: opts.kid ?? 'k1' })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m');
  if (opts.nbf) jwt.setNotBefore(opts.nbf);
  if (body.sub) jwt.setSubject(String(body.sub));
  return jwt.sign(key);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function rejection(verifier: JwtVerifier, token: string): Promise<string> {
  const err = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthenticationError);
  return (err as Error).message;
}

describe('JwtVerifier with a configured public key', () => {
  const verifier = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, key: { kind: 'pem', pem: pem(ec.publicKey) } });

  it('turns valid claims into an identity: who, not what they may do (roles in a token are ignored)', async () => {
    await expect(verifier.verify(await sign(ec.privateKey, 'ES256'))).resolves.toEqual({ subject: claims.sub, name: 'koordinator.politi' });
    await expect(verifier.verify(await sign(ec.privateKey, 'ES256', { roles: undefined, authority_id: undefined, sub: 'entra|0123' }))).resolves.toEqual({
      subject: 'entra|0123',
      name: 'koordinator.politi',
    });
  });

  it('names the user by e-mail when configured so', async () => {
    const byEmail = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, key: { kind: 'pem', pem: pem(ec.publicKey) } }, 'email');
    await expect(byEmail.verify(await sign(ec.privateKey, 'ES256', { email: 'k@politi.example' }))).resolves.toEqual({ subject: claims.sub, name: 'k@politi.example' });
    expect(await rejection(byEmail, await sign(ec.privateKey, 'ES256'))).toMatch(/email/);
  });

  it('accepts RS256 when the configured key is RSA', async () => {
    const rsaVerifier = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, key: { kind: 'pem', pem: pem(rsa.publicKey) } });
    await expect(rsaVerifier.verify(await sign(rsa.privateKey, 'RS256'))).resolves.toMatchObject({ subject: claims.sub });
  });

  it('refuses alg "none"', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    expect(await rejection(verifier, token)).toMatch(/not valid|not accepted|malformed/);
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 });
    const mac = createHmac('sha256', pem(ec.publicKey)).update(`${header}.${payload}`).digest('base64url');
    expect(await rejection(verifier, `${header}.${payload}.${mac}`)).toMatch(/algorithm/);
  });

  it('refuses a token signed by another key', async () => {
    expect(await rejection(verifier, await sign(other.privateKey, 'ES256'))).toMatch(/signature/);
  });

  it('refuses expired and not-yet-valid tokens', async () => {
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', {}, { exp: Math.floor(Date.now() / 1000) - 60 }))).toMatch(/expired/);
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', {}, { nbf: Math.floor(Date.now() / 1000) + 600 }))).toMatch(/"nbf"/);
  });

  it('refuses the wrong issuer or audience', async () => {
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', {}, { iss: 'https://evil.example' }))).toMatch(/"iss"/);
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', {}, { aud: 'another-api' }))).toMatch(/"aud"/);
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await sign(ec.privateKey, 'ES256')).split('.');
    const forged = b64({ ...claims, roles: ['ADMIN'], iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 });
    expect(await rejection(verifier, `${h}.${forged}.${s}`)).toMatch(/signature/);
  });

  it('refuses tokens without the claims the api needs', async () => {
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', { preferred_username: undefined }))).toMatch(/preferred_username/);
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', { preferred_username: '  ' }))).toMatch(/preferred_username/);
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', { sub: undefined }))).toMatch(/sub/);
  });

  it('remembers a verified token only until it expires', async () => {
    const token = await sign(ec.privateKey, 'ES256', {}, { exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: claims.sub });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: claims.sub });
    // Only the clock moves (timers and promises stay real): an hour later the cached entry is stale.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval', 'performance'] });
    try {
      jest.setSystemTime(Date.now() + 3600_000);
      expect(await rejection(verifier, token)).toMatch(/expired/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses garbage', async () => {
    expect(await rejection(verifier, 'abc.def')).toMatch(/malformed/);
  });
});

describe('JwtVerifier with a JWKS URL', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(ec.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('verifies with the key named by kid and refuses an unknown kid', async () => {
    const verifier = new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, key: { kind: 'jwks', url } });
    await expect(verifier.verify(await sign(ec.privateKey, 'ES256'))).resolves.toMatchObject({ subject: claims.sub });
    expect(await rejection(verifier, await sign(ec.privateKey, 'ES256', {}, { kid: 'unknown' }))).toMatch(/unknown key/);
  });
});
