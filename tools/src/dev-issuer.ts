import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The local development issuer: an ES256 key pair created on first start, and its fixed names. */
export const DEV_ISSUER = 'psp-koordinering-dev';
export const DEV_AUDIENCE = 'psp-koordinering-api';

export interface DevKeyFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

export function devKeyFiles(dataDir: string): DevKeyFiles {
  return { privateKeyFile: join(dataDir, 'jwt', 'private.pem'), publicKeyFile: join(dataDir, 'jwt', 'public.pem') };
}

export function ensureDevKeys(dataDir: string): DevKeyFiles {
  const files = devKeyFiles(dataDir);
  if (!existsSync(files.privateKeyFile) || !existsSync(files.publicKeyFile)) {
    mkdirSync(join(dataDir, 'jwt'), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(files.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(files.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  return files;
}
