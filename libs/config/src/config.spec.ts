import { loadApiConfig, loadMailerConfig, loadWorkerConfig } from './config';
import { API_AND_WORKER_ENV, API_ENV, problems, WORKER_ENV } from './config.spec-env';

describe('api configuration', () => {
  it('applies defaults for optional variables', () => {
    const c = loadApiConfig(API_ENV);
    expect(c.database).toEqual({ url: API_ENV.DATABASE_URL, poolSize: 20 });
    expect(c.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'psp-koordinering' });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, publicBaseUrl: 'http://localhost:3000', corsOrigins: [], authFailureLimit: 20, trustProxy: false });
    expect(c.jwt).toEqual({ issuer: API_ENV.JWT_ISSUER, audience: 'psp-api', key: { kind: 'jwks', url: API_ENV.JWT_JWKS_URL } });
  });

  it('names DATABASE_URL when it is missing or malformed, without echoing its value', () => {
    const { DATABASE_URL: _omit, ...withoutDb } = API_ENV;
    expect(problems(() => loadApiConfig(withoutDb))).toEqual([expect.stringMatching(/^DATABASE_URL is required/)]);
    const bad = problems(() => loadApiConfig({ ...API_ENV, DATABASE_URL: 'nonsense' }));
    expect(bad).toEqual([expect.stringMatching(/^DATABASE_URL must be a postgres:\/\//)]);
    expect(bad.join()).not.toContain('nonsense');
  });

  it('reports every malformed variable, one line each', () => {
    const found = problems(() => loadApiConfig({ ...API_ENV, PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', LOG_LEVEL: 'loud' }));
    expect(found).toHaveLength(3);
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TEMPORAL_ADDRESS']);
    expect(found.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('requires exactly one source of token signing keys', () => {
    const { JWT_JWKS_URL: _omit, ...none } = API_ENV;
    expect(problems(() => loadApiConfig(none))[0]).toMatch(/set exactly one/);
    const two = { ...API_ENV, JWT_PUBLIC_KEY_FILE: '/keys/public.pem' };
    expect(problems(() => loadApiConfig(two))[0]).toMatch(/set exactly one/);
    expect(loadApiConfig({ ...none, JWT_PUBLIC_KEY_FILE: '/keys/public.pem' }).jwt.key).toEqual({ kind: 'pem-file', path: '/keys/public.pem' });
  });

  it('refuses a port out of range and a pool size of zero', () => {
    expect(problems(() => loadApiConfig({ ...API_ENV, PORT: '70000' }))[0]).toMatch(/^PORT must be a TCP port/);
    expect(problems(() => loadApiConfig({ ...API_ENV, DATABASE_POOL_SIZE: '0' }))[0]).toMatch(/^DATABASE_POOL_SIZE must be at least 1/);
  });

  it('takes the wait for a pooled connection in milliseconds, within 100 ms to 2 minutes', () => {
    expect(loadApiConfig({ ...API_ENV, DATABASE_ACQUIRE_TIMEOUT_MS: '2500' }).database).toEqual({ url: API_ENV.DATABASE_URL, poolSize: 20, acquireTimeoutMs: 2500 });
    expect(problems(() => loadApiConfig({ ...API_ENV, DATABASE_ACQUIRE_TIMEOUT_MS: '50' }))[0]).toMatch(/^DATABASE_ACQUIRE_TIMEOUT_MS must be at least 100/);
    expect(problems(() => loadApiConfig({ ...API_ENV, DATABASE_ACQUIRE_TIMEOUT_MS: '600000' }))[0]).toMatch(/^DATABASE_ACQUIRE_TIMEOUT_MS must be at most 120000/);
  });
});

describe('api data keys', () => {
  it('uses the last key as the active one unless told, and keeps all for decryption', () => {
    const c = loadApiConfig(API_ENV);
    expect([...c.encryption.keys.keys()]).toEqual(['k1', 'k2']);
    expect(c.encryption.activeKeyId).toBe('k2');
    expect(loadApiConfig({ ...API_ENV, DATA_ENCRYPTION_ACTIVE_KEY: 'k1' }).encryption.activeKeyId).toBe('k1');
    expect(c.encryption.blindIndexKey).toEqual(Buffer.alloc(32, 3));
    expect(c.retention).toEqual({ afterRejectionDays: 30, afterClosureMonths: 24 });
  });

  it('refuses short keys and an active key that is not in the list', () => {
    expect(problems(() => loadApiConfig({ ...API_ENV, DATA_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }))[0]).toMatch(/^DATA_ENCRYPTION_KEYS must be/);
    expect(problems(() => loadApiConfig({ ...API_ENV, CPR_INDEX_KEY: 'c2hvcnQ=' }))[0]).toMatch(/^CPR_INDEX_KEY must be/);
    expect(problems(() => loadApiConfig({ ...API_ENV, DATA_ENCRYPTION_ACTIVE_KEY: 'k9' }))[0]).toMatch(/^DATA_ENCRYPTION_ACTIVE_KEY must be one of/);
  });

  it('refuses a CPR blind-index key equal to any encryption key, naming the key id but not the key', () => {
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const found = problems(() => loadApiConfig({ ...API_ENV, CPR_INDEX_KEY: k2 }));
    expect(found).toEqual(['CPR_INDEX_KEY must not equal an encryption key (it equals k2 in DATA_ENCRYPTION_KEYS): give the blind index a key of its own']);
    expect(found.join()).not.toContain(k2);
    // The same bytes written without base64 padding are the same key.
    expect(problems(() => loadApiConfig({ ...API_ENV, CPR_INDEX_KEY: k2.replace(/=+$/, '') }))[0]).toMatch(/^CPR_INDEX_KEY must not equal an encryption key \(it equals k2/);
    expect(loadApiConfig(API_ENV).encryption.blindIndexKey).toEqual(Buffer.alloc(32, 3));
  });
});

describe('worker configuration', () => {
  it('does not need the api-only JWT variables', () => {
    const c = loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_TASK_QUEUE: 'q1' });
    expect(c.temporal.taskQueue).toBe('q1');
    expect(c.workflowBundlePath).toBeUndefined();
  });

  it('reads the nomination expiry and the retention periods (it rejects expired nominations and starts their retention)', () => {
    const c = loadWorkerConfig(API_AND_WORKER_ENV);
    expect(c.nominationExpiryDays).toBe(90);
    expect(c.retention).toEqual({ afterRejectionDays: 30, afterClosureMonths: 24 });
    const set = loadWorkerConfig({ ...API_AND_WORKER_ENV, NOMINATION_EXPIRY_DAYS: '45', RETENTION_REJECTED_DAYS: '10' });
    expect(set.nominationExpiryDays).toBe(45);
    expect(set.retention.afterRejectionDays).toBe(10);
    expect(problems(() => loadWorkerConfig({ ...API_AND_WORKER_ENV, NOMINATION_EXPIRY_DAYS: '0' }))).toEqual(['NOMINATION_EXPIRY_DAYS must be at least 1 day']);
    expect(problems(() => loadWorkerConfig({ ...API_AND_WORKER_ENV, NOMINATION_EXPIRY_DAYS: 'soon' }))).toEqual([expect.stringMatching(/^NOMINATION_EXPIRY_DAYS must be /)]);
  });

  it('still requires the database', () => {
    const { DATABASE_URL: _omit, ...withoutDb } = WORKER_ENV;
    expect(problems(() => loadWorkerConfig(withoutDb))).toEqual([expect.stringMatching(/^DATABASE_URL /)]);
  });
});

describe('mailer configuration', () => {
  it('needs only the database; SMTP and its metrics address are optional', () => {
    const c = loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL });
    expect(c).toMatchObject({ smtp: undefined, metricsAddress: '127.0.0.1:9465' });
    const withMail = loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL, SMTP_URL: 'smtp://relay.example:25', MAILER_METRICS_ADDRESS: 'off' });
    expect(withMail.smtp).toEqual({ url: 'smtp://relay.example:25', from: 'PSP Koordinering <no-reply@psp-koordinering.invalid>' });
    expect(withMail.metricsAddress).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(problems(() => loadMailerConfig({}))).toEqual([expect.stringMatching(/^DATABASE_URL /)]);
    expect(problems(() => loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL, SMTP_URL: 'mail.example', MAILER_METRICS_ADDRESS: 'nine' }))).toEqual([
      'SMTP_URL must be an smtp:// or smtps:// URL',
      'MAILER_METRICS_ADDRESS must be host:port (e.g. 0.0.0.0:9465) or off',
    ]);
  });
});

describe('transport in production', () => {
  it('refuses to start with plain transports, naming each variable, unless explicitly allowed', () => {
    const plain = { ...API_ENV, NODE_ENV: 'production', JWT_JWKS_URL: 'http://login.example/certs' };
    expect(problems(() => loadApiConfig(plain))).toEqual([
      expect.stringMatching(/^JWT_JWKS_URL must be https in production/),
      expect.stringMatching(/^DATABASE_URL must use TLS with certificate verification/),
    ]);
    expect(() => loadApiConfig({ ...plain, INSECURE_TRANSPORT_ALLOWED: 'identity-provider,database' })).not.toThrow();
    expect(problems(() => loadMailerConfig({ DATABASE_URL: `${API_ENV.DATABASE_URL}?sslmode=verify-full`, NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25' }))).toEqual([
      expect.stringMatching(/^SMTP_URL must use TLS/),
    ]);
  });

  it('takes the trusted proxies from TRUST_PROXY', () => {
    expect(loadApiConfig(API_ENV).http.trustProxy).toBe(false);
    expect(loadApiConfig({ ...API_ENV, TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(problems(() => loadApiConfig({ ...API_ENV, TRUST_PROXY: 'anything' }))).toEqual([expect.stringMatching(/^TRUST_PROXY/)]);
  });
});
