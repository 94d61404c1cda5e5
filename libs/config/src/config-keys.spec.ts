import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiConfig, loadMailerConfig, loadWorkerConfig } from './config';
import { temporalConnectionOptions } from './temporal-connection';
import { ANCHOR_KEYS, ANCHOR_PRIVATE_PEM, ANCHOR_PUBLIC_PEM, API_AND_WORKER_ENV, API_ENV, problems, WORKER_ENV } from './config.spec-env';

describe('Temporal keys (api and worker)', () => {
  it('are required by api and worker, not by the mailer', () => {
    for (const load of [loadApiConfig, loadWorkerConfig]) {
      const { TEMPORAL_PAYLOAD_KEYS: _p, ...without } = API_AND_WORKER_ENV;
      expect(problems(() => load(without)).sort()).toEqual([expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS is required/)]);
    }
    expect(() => loadMailerConfig({ DATABASE_URL: API_ENV.DATABASE_URL })).not.toThrow();
  });

  it('parse like the data keys: the last id is active unless told, and every id stays to decode old histories', () => {
    const env = { ...WORKER_ENV, TEMPORAL_PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 7).toString('base64')}, t2:${Buffer.alloc(32, 8).toString('base64')}` };
    const c = loadWorkerConfig(env);
    expect([...c.temporalKeys.payloadKeys.keys()]).toEqual(['t1', 't2']);
    expect(c.temporalKeys.payloadKeys.get('t1')).toEqual(Buffer.alloc(32, 7));
    expect(c.temporalKeys.payloadActiveKeyId).toBe('t2');
    expect(loadWorkerConfig({ ...env, TEMPORAL_PAYLOAD_ACTIVE_KEY: 't1' }).temporalKeys.payloadActiveKeyId).toBe('t1');
    expect(loadApiConfig(API_ENV).temporalKeys.payloadActiveKeyId).toBe('t1');
  });

  it('refuses short keys and an active id not in the list', () => {
    expect(problems(() => loadWorkerConfig({ ...WORKER_ENV, TEMPORAL_PAYLOAD_KEYS: 't1:c2hvcnQ=' }))).toEqual([expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS must be/)]);
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
