import { ConfigError, loadApiConfig, loadMailerConfig, loadWorkerConfig } from './config';

const API_ENV = {
  DATABASE_URL: 'postgres://psp:secret@db.example:5432/psp',
  JWT_ISSUER: 'https://login.example/realms/psp',
  JWT_AUDIENCE: 'psp-api',
  JWT_JWKS_URL: 'https://login.example/realms/psp/certs',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')},k2:${Buffer.alloc(32, 2).toString('base64')}`,
  CPR_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  AUDIT_CHECKPOINT_KEY: Buffer.alloc(32, 4).toString('base64'),
};

function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('api configuration', () => {
  it('applies defaults for optional variables', () => {
    const c = loadApiConfig(API_ENV);
    expect(c.database).toEqual({ url: API_ENV.DATABASE_URL, poolSize: 10 });
    expect(c.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'psp-koordinering' });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, publicBaseUrl: 'http://localhost:3000', corsOrigins: [], authFailureLimit: 20 });
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
});

describe('worker configuration', () => {
  it('does not need the api-only JWT variables', () => {
    const c = loadWorkerConfig({ DATABASE_URL: API_ENV.DATABASE_URL, TEMPORAL_TASK_QUEUE: 'q1', AUDIT_CHECKPOINT_KEY: API_ENV.AUDIT_CHECKPOINT_KEY });
    expect(c.temporal.taskQueue).toBe('q1');
    expect(c.workflowBundlePath).toBeUndefined();
  });

  it('still requires the database', () => {
    expect(problems(() => loadWorkerConfig({ AUDIT_CHECKPOINT_KEY: API_ENV.AUDIT_CHECKPOINT_KEY }))).toEqual([expect.stringMatching(/^DATABASE_URL /)]);
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
