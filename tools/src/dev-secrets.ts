import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data keys the embedded default makes on first start (kept in .data/secrets.json, mode 600). */
export interface DataSecrets {
  DATA_ENCRYPTION_KEYS: string;
  CPR_INDEX_KEY: string;
  AUDIT_CHECKPOINT_KEY: string;
}

export function randomSecrets(): DataSecrets {
  const b64 = () => randomBytes(32).toString('base64');
  return { DATA_ENCRYPTION_KEYS: `k1:${b64()}`, CPR_INDEX_KEY: b64(), AUDIT_CHECKPOINT_KEY: b64() };
}

export function ensureDevSecrets(dataDir: string): DataSecrets {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(randomSecrets(), null, 2), { mode: 0o600 });
  return JSON.parse(readFileSync(file, 'utf8')) as DataSecrets;
}
