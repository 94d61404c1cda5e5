import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data keys the embedded default makes on first start (kept in .data/secrets.json, mode 600). */
export interface DataSecrets {
  DATA_ENCRYPTION_KEYS: string;
  CPR_INDEX_KEY: string;
  AUDIT_CHECKPOINT_KEY: string;
  /** Encrypt every Temporal payload (api and worker). */
  TEMPORAL_PAYLOAD_KEYS: string;
  /** The api signs the step changes it sends the worker through Temporal. */
  TEMPORAL_REQUEST_SIGNING_KEY: string;
}

export function randomSecrets(): DataSecrets {
  const b64 = () => randomBytes(32).toString('base64');
  return {
    DATA_ENCRYPTION_KEYS: `k1:${b64()}`,
    CPR_INDEX_KEY: b64(),
    AUDIT_CHECKPOINT_KEY: b64(),
    TEMPORAL_PAYLOAD_KEYS: `t1:${b64()}`,
    TEMPORAL_REQUEST_SIGNING_KEY: b64(),
  };
}

/** Reads .data/secrets.json, making it on first start; a key added since it was made is added to it (the others are kept). */
export function ensureDevSecrets(dataDir: string): DataSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DataSecrets>) : {};
  const secrets = { ...randomSecrets(), ...stored };
  if (Object.keys(secrets).some((k) => !(k in stored))) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
