import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';

/** How many hash chains the access log has (the session's pid modulo this); every one must exist. */
export const ACCESS_LOG_CHAINS = 16;

export const ANCHOR_FORMAT = 'psp-access-log-anchor/1';
const CHECKPOINT_FORMAT = 'psp-access-log-checkpoint/1';

/** One chain's head as anchored: its last position and the hash of the row there (genesis: position 0). */
export interface AnchoredChain {
  chain: number;
  chainSeq: number;
  /** hex sha256 */
  hash: string;
}

/** A signed statement of every chain's head, kept outside PostgreSQL. */
export interface Anchor {
  format: typeof ANCHOR_FORMAT;
  /** ISO time the heads were read. */
  createdAt: string;
  /** Why it was written: the hourly Schedule, or a retention prune. */
  reason: 'scheduled' | 'prune';
  /** sha256 of the signing key's public key (SPKI DER), first 16 hex digits. */
  keyId: string;
  chains: AnchoredChain[];
  /** base64 Ed25519 signature over `anchorSigningInput` */
  signature: string;
}

/** A private Ed25519 key from PEM or base64 PKCS#8 DER; throws unless it is Ed25519. */
export function parseEd25519PrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/** A public Ed25519 key from PEM or base64 SPKI DER (or the public half of a private key); throws unless it is Ed25519. */
export function parseEd25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/** Short id of a key pair: sha256 of the public key's SPKI DER, 16 hex digits. */
export function anchorKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** The exact bytes an anchor's signature covers: its fields in a fixed order, as JSON. */
export function anchorSigningInput(a: Omit<Anchor, 'signature'>): Buffer {
  return Buffer.from(JSON.stringify([a.format, a.createdAt, a.reason, a.keyId, a.chains.map((c) => [c.chain, c.chainSeq, c.hash])]), 'utf8');
}

export function signAnchor(privateKey: KeyObject, body: Omit<Anchor, 'format' | 'keyId' | 'signature'>): Anchor {
  const unsigned = { format: ANCHOR_FORMAT, createdAt: body.createdAt, reason: body.reason, keyId: anchorKeyId(privateKey), chains: body.chains } as const;
  return { ...unsigned, signature: sign(null, anchorSigningInput(unsigned), privateKey).toString('base64') };
}

/**
 * Reads an anchor file's text and checks its shape and its signature against `publicKey`. Throws
 * (saying why) on anything else: unparsable, unsigned, signed with another key, or altered.
 */
export function parseAnchor(text: string, publicKey: KeyObject): Anchor {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('is not JSON');
  }
  const a = raw as Partial<Anchor>;
  if (!a || typeof a !== 'object' || a.format !== ANCHOR_FORMAT) throw new Error(`is not a ${ANCHOR_FORMAT} anchor`);
  if (typeof a.createdAt !== 'string' || Number.isNaN(Date.parse(a.createdAt))) throw new Error('has no valid createdAt');
  if (a.reason !== 'scheduled' && a.reason !== 'prune') throw new Error('has no valid reason');
  if (typeof a.keyId !== 'string') throw new Error('has no keyId');
  if (!Array.isArray(a.chains) || !a.chains.every(isAnchoredChain)) throw new Error('has no valid list of chains');
  if (typeof a.signature !== 'string' || a.signature.length === 0) throw new Error('is not signed');
  const anchor: Anchor = { format: ANCHOR_FORMAT, createdAt: a.createdAt, reason: a.reason, keyId: a.keyId, chains: a.chains, signature: a.signature };
  const signature = Buffer.from(a.signature, 'base64');
  if (signature.length !== 64 || !verify(null, anchorSigningInput(anchor), publicKey, signature)) {
    throw new Error(`has an invalid signature (not made with the anchor key ${anchorKeyId(publicKey)})`);
  }
  return anchor;
}

function isAnchoredChain(c: unknown): c is AnchoredChain {
  const x = c as AnchoredChain;
  return !!x && Number.isInteger(x.chain) && Number.isSafeInteger(x.chainSeq) && x.chainSeq >= 0 && typeof x.hash === 'string' && /^[0-9a-f]{64}$/.test(x.hash);
}

/** File name of an anchor: sorts by time (then a random tail so two in one millisecond both stay). */
export function anchorFileName(createdAt: string): string {
  return `anchor-${createdAt.replace(/:/g, '-')}-${randomBytes(4).toString('hex')}.json`;
}

/**
 * Writes the anchor as a new file in `dir`, atomically and never over an existing file: the
 * content goes to a temporary file (fsynced), which is then hard-linked under its final name (which
 * fails rather than replace a file) and unlinked. Returns the file name.
 */
export function writeAnchorFile(dir: string, anchor: Anchor): string {
  mkdirSync(dir, { recursive: true });
  const name = anchorFileName(anchor.createdAt);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', 0o444);
  try {
    writeSync(fd, JSON.stringify(anchor, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, join(dir, name));
  } finally {
    unlinkSync(tmp);
  }
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Not every platform can fsync a directory; the file itself is durable.
  }
  return name;
}

/** The anchor files in `dir`, oldest first (none if the directory does not exist). */
export function listAnchorFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n) => n.startsWith('anchor-') && n.endsWith('.json')).sort();
}

export function readAnchorFile(dir: string, name: string, publicKey: KeyObject): Anchor {
  return parseAnchor(readFileSync(join(dir, name), 'utf8'), publicKey);
}

/** Reads every chain's committed head (a committed head's rows are committed with it). */
export async function readChainHeads(db: DataSource | EntityManager): Promise<AnchoredChain[]> {
  const heads = (await db.query(`SELECT chain, chain_seq::text, hash FROM access_log_head ORDER BY chain`)) as { chain: number; chain_seq: string; hash: Buffer }[];
  return heads.map((h) => ({ chain: Number(h.chain), chainSeq: Number(h.chain_seq), hash: h.hash.toString('hex') }));
}

/** Where anchors go and the key that signs them: held by the worker only. */
export interface AnchorSigningConfig {
  privateKey: KeyObject;
  dir: string;
}

/** Where anchors are read and the key that checks them: the verifier's (api, audit:verify). */
export interface AnchorVerifyingConfig {
  publicKey: KeyObject;
  dir: string;
}

/** Reads every chain's head, signs the statement and writes it to the anchor store. */
export async function writeAnchor(db: DataSource | EntityManager, config: AnchorSigningConfig, reason: Anchor['reason']): Promise<{ file: string; anchor: Anchor }> {
  const [{ now }] = (await db.query(`SELECT now() AS now`)) as { now: Date }[];
  const chains = await readChainHeads(db);
  const anchor = signAnchor(config.privateKey, { createdAt: now.toISOString(), reason, chains });
  return { file: writeAnchorFile(config.dir, anchor), anchor };
}

/** What a retention checkpoint's signature covers, as the prune function reports it. */
export interface CheckpointFacts {
  chain: number;
  chainSeq: number | string;
  hash: Buffer;
  /** microseconds since the epoch, as text (the stored `pruned_before`) */
  prunedBeforeUs: string;
  prunedRows: number | string;
}

function checkpointSigningInput(c: CheckpointFacts): Buffer {
  return Buffer.from(`${CHECKPOINT_FORMAT}\n${c.chain}:${c.chainSeq}:${c.hash.toString('hex')}:${c.prunedBeforeUs}:${c.prunedRows}`, 'utf8');
}

/** The Ed25519 signature of a retention checkpoint (chain, pruned head position and hash, cutoff, rows). */
export function checkpointSignature(privateKey: KeyObject, c: CheckpointFacts): Buffer {
  return sign(null, checkpointSigningInput(c), privateKey);
}

export function checkpointSignatureValid(publicKey: KeyObject, c: CheckpointFacts, signature: Buffer | null): boolean {
  return !!signature && signature.length === 64 && verify(null, checkpointSigningInput(c), publicKey, signature);
}
