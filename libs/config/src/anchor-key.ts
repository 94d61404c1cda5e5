import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Environment } from './environment';

const ANCHOR_KEY = {
  api: { name: 'AUDIT_ANCHOR_PUBLIC_KEY', what: 'the Ed25519 public key (PEM, or base64 SPKI) that checks access-log anchors and checkpoints' },
  worker: { name: 'AUDIT_ANCHOR_PRIVATE_KEY', what: 'the Ed25519 private key (PEM, or base64 PKCS#8) that signs access-log anchors and checkpoints' },
} as const;

/** The anchor key's text, from the variable or its _FILE. */
export function anchorKeyText(e: Environment, profile: 'api' | 'worker'): string | undefined {
  const name = ANCHOR_KEY[profile].name;
  const inline = e[name];
  const file = e[`${name}_FILE`];
  return inline ?? (file ? readFileSync(file, 'utf8') : undefined);
}

export function parseAnchorKey(text: string, kind: 'private' | 'public'): KeyObject {
  const t = text.trim();
  if (kind === 'public' && t.includes('PRIVATE KEY')) throw new Error('is a private key');
  const key =
    kind === 'private'
      ? t.startsWith('-----') ? createPrivateKey(t) : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' })
      : t.startsWith('-----') ? createPublicKey(t) : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`);
  return key;
}

/** api: the public anchor key; worker: the private one; both: the anchor directory. Never echoes a key. */
export function anchorProblems(e: Environment, profile: 'api' | 'worker'): string[] {
  const problems: string[] = [];
  if (!e.AUDIT_ANCHOR_DIR) problems.push('AUDIT_ANCHOR_DIR is required: the directory (outside PostgreSQL, write-once storage in production) of the access log\'s signed chain heads');
  const { name, what } = ANCHOR_KEY[profile];
  const sources = [e[name], e[`${name}_FILE`]].filter(Boolean);
  if (sources.length !== 1) {
    problems.push(`${name} / ${name}_FILE: set exactly one of them (${what})`);
    return problems;
  }
  try {
    parseAnchorKey(anchorKeyText(e, profile) as string, profile === 'api' ? 'public' : 'private');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'names a file that does not exist' : (err as Error).message === 'is a private key' ? 'holds a private key (the verifier gets the public key only)' : 'is not an Ed25519 key';
    problems.push(`${e[name] ? name : `${name}_FILE`} ${why}: it must be ${what}`);
  }
  return problems;
}
