import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config-error';

/** Environments for the configuration specs (config.spec.ts, config-keys.spec.ts), and how they read a refusal. */
export const ANCHOR_KEYS = generateKeyPairSync('ed25519');
export const ANCHOR_PUBLIC_PEM = ANCHOR_KEYS.publicKey.export({ format: 'pem', type: 'spki' }).toString();
export const ANCHOR_PRIVATE_PEM = ANCHOR_KEYS.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
export const API_ENV = {
  DATABASE_URL: 'postgres://psp:secret@db.example:5432/psp',
  JWT_ISSUER: 'https://login.example/realms/psp',
  JWT_AUDIENCE: 'psp-api',
  JWT_JWKS_URL: 'https://login.example/realms/psp/certs',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')},k2:${Buffer.alloc(32, 2).toString('base64')}`,
  CPR_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  AUDIT_ANCHOR_DIR: '/var/lib/psp/anchors',
  AUDIT_ANCHOR_PUBLIC_KEY: ANCHOR_PUBLIC_PEM,
  TEMPORAL_PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 5).toString('base64')}`,
};
/** What the worker needs at least: the database, the anchor key and directory and the Temporal keys it shares with the api. */
export const WORKER_ENV = {
  DATABASE_URL: API_ENV.DATABASE_URL,
  AUDIT_ANCHOR_DIR: API_ENV.AUDIT_ANCHOR_DIR,
  AUDIT_ANCHOR_PRIVATE_KEY: ANCHOR_PRIVATE_PEM,
  TEMPORAL_PAYLOAD_KEYS: API_ENV.TEMPORAL_PAYLOAD_KEYS,
};
/** One environment both load (each takes its own anchor key from it). */
export const API_AND_WORKER_ENV = { ...API_ENV, AUDIT_ANCHOR_PRIVATE_KEY: ANCHOR_PRIVATE_PEM };

export function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
