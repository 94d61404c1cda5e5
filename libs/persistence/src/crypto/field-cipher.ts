import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encryption of personal fields at rest (AES-256-GCM) and the keyed blind index for exact CPR
 * lookup. Each ciphertext is bound to its row and field (additional authenticated data), so a
 * ciphertext copied to another row or column does not decrypt. The key id is stored with the row,
 * so keys can rotate: new writes use the active key, old rows still decrypt with theirs.
 */
export interface FieldKeys {
  /** key id → 32-byte key */
  keys: Map<string, Buffer>;
  activeKeyId: string;
  /** 32-byte key for the CPR blind index (HMAC-SHA256); never rotated without re-indexing. */
  blindIndexKey: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class FieldCipher {
  constructor(private readonly k: FieldKeys) {
    for (const [id, key] of k.keys) if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
    if (!k.keys.has(k.activeKeyId)) throw new Error(`the active encryption key ${k.activeKeyId} is not among the keys`);
    if (k.blindIndexKey.length < 32) throw new Error('the blind index key must be at least 32 bytes');
  }

  get activeKeyId(): string {
    return this.k.activeKeyId;
  }

  /** Every configured key id, the active one among them. */
  get keyIds(): string[] {
    return [...this.k.keys.keys()];
  }

  encrypt(plaintext: string, aad: string, keyId = this.k.activeKeyId): Buffer {
    const key = this.key(keyId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(ciphertext: Buffer, aad: string, keyId: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), ciphertext.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed index of a normalised CPR (10 digits): equal numbers, equal index. */
  blindIndex(cprDigits: string): Buffer {
    return createHmac('sha256', this.k.blindIndexKey).update(`cpr:${cprDigits}`).digest();
  }

  private key(id: string): Buffer {
    const key = this.k.keys.get(id);
    if (!key) throw new Error(`no encryption key with id ${id} is configured`);
    return key;
  }
}

/** Parses `id1:base64,id2:base64` (the DATA_ENCRYPTION_KEYS format). */
export function parseKeyList(list: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of list.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, b64] = part.split(':');
    if (!id || !b64) throw new Error('must be a comma-separated list of id:base64key');
    keys.set(id, Buffer.from(b64, 'base64'));
  }
  return keys;
}
