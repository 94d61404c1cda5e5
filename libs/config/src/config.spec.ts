import { ConfigError, loadApiConfig, loadWorkerConfig } from './config';

const API_ENV = {
  DATABASE_URL: 'postgres://psp:secret@db.example:5432/psp',
  JWT_ISSUER: 'https://login.example/realms/psp',
  JWT_AUDIENCE: 'psp-api',
  JWT_JWKS_URL: 'https://login.example/realms/psp/certs',
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
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, publicBaseUrl: 'http://localhost:3000' });
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

describe('worker configuration', () => {
  it('does not need the api-only JWT variables', () => {
    const c = loadWorkerConfig({ DATABASE_URL: API_ENV.DATABASE_URL, TEMPORAL_TASK_QUEUE: 'q1' });
    expect(c.temporal.taskQueue).toBe('q1');
    expect(c.workflowBundlePath).toBeUndefined();
  });

  it('still requires the database', () => {
    expect(problems(() => loadWorkerConfig({}))).toEqual([expect.stringMatching(/^DATABASE_URL /)]);
  });
});
