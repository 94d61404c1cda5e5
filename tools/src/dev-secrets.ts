import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data keys the embedded default makes on first start (kept in .data/secrets.json, mode 600). */
export interface DataSecrets {
  DATA_ENCRYPTION_KEYS: string;
  CPR_INDEX_KEY: string;
  /** Encrypt every Temporal payload (api and worker). */
  TEMPORAL_PAYLOAD_KEYS: string;
}

export function randomSecrets(): DataSecrets {
  const b64 = () => randomBytes(32).toString('base64');
  return {
    DATA_ENCRYPTION_KEYS: `k1:${b64()}`,
    CPR_INDEX_KEY: b64(),
    TEMPORAL_PAYLOAD_KEYS: `t1:${b64()}`,
  };
}

/** Reads .data/secrets.json, making it on first start; a key added since it was made is added to it (the others are kept). */
export function ensureDevSecrets(dataDir: string): DataSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DataSecrets>) : {};
  // Keys no longer used are dropped: the HMAC checkpoint key the Ed25519 anchor key replaced, and the
  // step-change signing key (steps are changed in the database, not through Temporal).
  for (const gone of ['AUDIT_CHECKPOINT_KEY', 'TEMPORAL_REQUEST_SIGNING_KEY']) delete (stored as Record<string, unknown>)[gone];
  const secrets = { ...randomSecrets(), ...stored };
  if (Object.keys(secrets).some((k) => !(k in stored))) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Where the embedded default keeps the access log's anchor key pair and its anchors. */
export interface DevAnchorFiles {
  /** Ed25519 private key (PKCS#8 PEM, mode 600): the worker's only. */
  privateKeyFile: string;
  /** Its public key (SPKI PEM): the api's and audit:verify's. */
  publicKeyFile: string;
  /** The anchor directory (.data/anchors). */
  anchorDir: string;
}

/** Makes the development anchor key pair in .data/anchor-key on first start, and .data/anchors. */
export function ensureDevAnchorKeys(dataDir: string): DevAnchorFiles {
  const keyDir = join(dataDir, 'anchor-key');
  const files = { privateKeyFile: join(keyDir, 'private.pem'), publicKeyFile: join(keyDir, 'public.pem'), anchorDir: join(dataDir, 'anchors') };
  if (!existsSync(files.privateKeyFile) || !existsSync(files.publicKeyFile)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(files.privateKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(files.publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
  }
  mkdirSync(files.anchorDir, { recursive: true });
  return files;
}

/** A fresh anchor key pair and directory (benchmarks and tests): each process gets only its half. */
export interface RandomAnchors {
  privateKey: KeyObject;
  publicKey: KeyObject;
  dir: string;
  /** For the api and audit:verify: the directory and the public key. */
  apiEnv: { AUDIT_ANCHOR_DIR: string; AUDIT_ANCHOR_PUBLIC_KEY: string };
  /** For the worker: the directory and the private key. */
  workerEnv: { AUDIT_ANCHOR_DIR: string; AUDIT_ANCHOR_PRIVATE_KEY: string };
}

export function randomAnchors(dir: string): RandomAnchors {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey,
    dir,
    apiEnv: { AUDIT_ANCHOR_DIR: dir, AUDIT_ANCHOR_PUBLIC_KEY: publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    workerEnv: { AUDIT_ANCHOR_DIR: dir, AUDIT_ANCHOR_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
  };
}
