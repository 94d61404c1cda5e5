import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadApiConfig, loadMailerConfig, loadWorkerConfig } from './config';
import { temporalConnectionOptions } from './temporal-connection';

const ANCHOR_KEYS = generateKeyPairSync('ed25519');
const ANCHOR_PUBLIC_PEM = ANCHOR_KEYS.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const ANCHOR_PRIVATE_PEM = ANCHOR_KEYS.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const API_ENV = {
  DATABASE_URL: 'postgres://psp:secret@db.example:5432/psp',
  JWT_ISSUER: 'https://login.example/realms/psp',
  JWT_AUDIENCE: 'psp-api',
  JWT_JWKS_URL: 'https://login.example/realms/psp/certs',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')},k2:${Buffer.alloc(32, 2).toString('base64')}`,
  CPR_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  AUDIT_ANCHOR_DIR: '/var/lib/psp/anchors',
  AUDIT_ANCHOR_PUBLIC_KEY: ANCHOR_PUBLIC_PEM,
  TEMPORAL_PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 5).toString('base64')}`,
  TEMPORAL_REQUEST_SIGNING_KEY: Buffer.alloc(32, 6).toString('base64'),
};
/** What the worker needs at least: the database, the anchor key and directory and the Temporal keys it shares with the api. */
const WORKER_ENV = {
  DATABASE_URL: API_ENV.DATABASE_URL,
  AUDIT_ANCHOR_DIR: API_ENV.AUDIT_ANCHOR_DIR,
  AUDIT_ANCHOR_PRIVATE_KEY: ANCHOR_PRIVATE_PEM,
  TEMPORAL_PAYLOAD_KEYS: API_ENV.TEMPORAL_PAYLOAD_KEYS,
  TEMPORAL_REQUEST_SIGNING_KEY: API_ENV.TEMPORAL_REQUEST_SIGNING_KEY,
};
/** One environment both load (each takes its own anchor key from it). */
const API_AND_WORKER_ENV = { ...API_ENV, AUDIT_ANCHOR_PRIVATE_KEY: ANCHOR_PRIVATE_PEM };

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

describe('Temporal keys (api and worker)', () => {
  it('are required by api and worker, not by the mailer', () => {
    for (const load of [loadApiConfig, loadWorkerConfig]) {
      const { TEMPORAL_PAYLOAD_KEYS: _p, TEMPORAL_REQUEST_SIGNING_KEY: _s, ...without } = API_AND_WORKER_ENV;
      expect(problems(() => load(without)).sort()).toEqual([
        expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS is required/),
        expect.stringMatching(/^TEMPORAL_REQUEST_SIGNING_KEY is required/),
      ]);
    }
    expect(() => loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL })).not.toThrow();
  });

  it('parse like the data keys: the last id is active unless told, and every id stays to decode old histories', () => {
    const env = { ...WORKER_ENV, TEMPORAL_PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 7).toString('base64')}, t2:${Buffer.alloc(32, 8).toString('base64')}` };
    const c = loadWorkerConfig(env);
    expect([...c.temporalKeys.payloadKeys.keys()]).toEqual(['t1', 't2']);
    expect(c.temporalKeys.payloadKeys.get('t1')).toEqual(Buffer.alloc(32, 7));
    expect(c.temporalKeys.payloadActiveKeyId).toBe('t2');
    expect(c.temporalKeys.requestSigningKey).toEqual(Buffer.alloc(32, 6));
    expect(loadWorkerConfig({ ...env, TEMPORAL_PAYLOAD_ACTIVE_KEY: 't1' }).temporalKeys.payloadActiveKeyId).toBe('t1');
    expect(loadApiConfig(API_ENV).temporalKeys.payloadActiveKeyId).toBe('t1');
  });

  it('refuses short keys and an active id not in the list', () => {
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_PAYLOAD_KEYS: 't1:c2hvcnQ=' }))).toEqual([expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS must be/)]);
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_REQUEST_SIGNING_KEY: 'c2hvcnQ=' }))).toEqual([expect.stringMatching(/^TEMPORAL_REQUEST_SIGNING_KEY must be/)]);
    expect(problems(() => loadApiConfig({ ...API_ENV, TEMPORAL_PAYLOAD_ACTIVE_KEY: 't9' }))).toEqual([
      'TEMPORAL_PAYLOAD_ACTIVE_KEY must be one of the key ids in TEMPORAL_PAYLOAD_KEYS',
    ]);
  });
});

describe('TLS to Temporal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psp-config-tls-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const ca = file('ca.pem', 'CA PEM');
  const cert = file('client.pem', 'CERT PEM');
  const key = file('client.key', 'KEY PEM');

  it('is off unless a file is named: plain gRPC to the local dev server', () => {
    expect(loadWorkerConfig(WORKER_ENV).temporal.tls).toBeUndefined();
    expect(temporalConnectionOptions(loadApiConfig(API_ENV).temporal)).toEqual({ address: 'localhost:7233' });
  });

  it('with the CA only: TLS, the server checked against that CA (and the name, when given)', () => {
    const c = loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal' });
    expect(c.temporal.tls).toEqual({ caFile: ca, serverName: 'frontend.temporal' });
    expect(temporalConnectionOptions(c.temporal)).toEqual({
      address: 'temporal.internal:7233',
      tls: { serverRootCACertificate: Buffer.from('CA PEM'), serverNameOverride: 'frontend.temporal' },
    });
  });

  it('with a client certificate and key: mutual TLS, for api and worker alike', () => {
    for (const load of [loadApiConfig, loadWorkerConfig]) {
      const c = load({ ...API_AND_WORKER_ENV, TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: key });
      expect(temporalConnectionOptions(c.temporal).tls).toEqual({
        serverRootCACertificate: Buffer.from('CA PEM'),
        clientCertPair: { crt: Buffer.from('CERT PEM'), key: Buffer.from('KEY PEM') },
      });
    }
    // Without a CA file the system's CAs check the server.
    const noCa = loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: key });
    expect(temporalConnectionOptions(noCa.temporal).tls).toEqual({ clientCertPair: { crt: Buffer.from('CERT PEM'), key: Buffer.from('KEY PEM') } });
  });

  it('refuses a certificate without its key (and the reverse), naming both', () => {
    const message = 'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together (the client certificate and its private key, for mutual TLS)';
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_TLS_CERT_FILE: cert }))).toEqual([message]);
    expect(problems(() => loadApiConfig({ ...API_ENV, TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_KEY_FILE: key }))).toEqual([message]);
  });

  it('refuses a file it cannot read, and a server name without TLS', () => {
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') }))).toEqual([
      `TEMPORAL_TLS_CA_FILE must be a readable PEM file (${join(dir, 'missing.pem')} cannot be read)`,
    ]);
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal' }))[0]).toMatch(/^TEMPORAL_TLS_SERVER_NAME applies only with TLS/);
  });

  it('is not the mailer’s concern', () => {
    expect(() => loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL, TEMPORAL_TLS_CERT_FILE: cert })).not.toThrow();
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

describe('access-log anchor keys', () => {
  it('the api gets the public key and the directory, the worker the private key', () => {
    const api = loadApiConfig(API_ENV);
    expect(api.auditAnchor.dir).toBe('/var/lib/psp/anchors');
    expect(api.auditAnchor.publicKey.type).toBe('public');
    expect(api.auditAnchor.publicKey.asymmetricKeyType).toBe('ed25519');
    const worker = loadWorkerConfig(WORKER_ENV);
    expect(worker.auditAnchor.privateKey.type).toBe('private');
    expect(worker.auditAnchor.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('reads either from a file, PEM or base64 DER', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchor-keys-'));
    writeFileSync(join(dir, 'public.pem'), ANCHOR_PUBLIC_PEM);
    writeFileSync(join(dir, 'private.b64'), ANCHOR_KEYS.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    const { AUDIT_ANCHOR_PUBLIC_KEY: _p, ...apiWithoutKey } = API_ENV;
    expect(loadApiConfig({ ...apiWithoutKey, AUDIT_ANCHOR_PUBLIC_KEY_FILE: join(dir, 'public.pem') }).auditAnchor.publicKey.asymmetricKeyType).toBe('ed25519');
    const { AUDIT_ANCHOR_PRIVATE_KEY: _k, ...workerWithoutKey } = WORKER_ENV;
    expect(loadWorkerConfig({ ...workerWithoutKey, AUDIT_ANCHOR_PRIVATE_KEY_FILE: join(dir, 'private.b64') }).auditAnchor.privateKey.type).toBe('private');
  });

  it('the api never needs the private key, and refuses one as its public key', () => {
    expect(() => loadApiConfig(API_ENV)).not.toThrow();
    expect(problems(() => loadApiConfig({ ...API_ENV, AUDIT_ANCHOR_PUBLIC_KEY: ANCHOR_PRIVATE_PEM }))).toEqual([
      expect.stringMatching(/^AUDIT_ANCHOR_PUBLIC_KEY holds a private key/),
    ]);
  });

  it('names a missing key or directory, a key that is not Ed25519, without echoing it', () => {
    const { AUDIT_ANCHOR_PRIVATE_KEY: _k, AUDIT_ANCHOR_DIR: _d, ...bare } = WORKER_ENV;
    expect(problems(() => loadWorkerConfig(bare))).toEqual([
      expect.stringMatching(/^AUDIT_ANCHOR_DIR is required/),
      expect.stringMatching(/^AUDIT_ANCHOR_PRIVATE_KEY \/ AUDIT_ANCHOR_PRIVATE_KEY_FILE: set exactly one/),
    ]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const found = problems(() => loadWorkerConfig({ ...WORKER_ENV, AUDIT_ANCHOR_PRIVATE_KEY: rsa }));
    expect(found).toEqual([expect.stringMatching(/^AUDIT_ANCHOR_PRIVATE_KEY is not an Ed25519 key/)]);
    expect(found.join()).not.toContain('BEGIN');
  });

  it('is not the mailer’s concern', () => {
    expect(() => loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL })).not.toThrow();
  });
});
