import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/**
 * Encryption of every payload api and worker hand to Temporal (workflow and activity inputs and
 * results, Update, signal and query arguments and results, memos, Schedule actions' arguments):
 * the Temporal server, its database and its UI hold ciphertext only. AES-256-GCM over the whole
 * serialized payload (its own metadata included, so not even the encoding shows), a random 96-bit
 * nonce per payload, the key id in the payload's metadata so that keys can rotate: new payloads use
 * the active key, old histories still decode with theirs (keep an old id until no history that
 * uses it is retained).
 *
 * This runs in the client and in the worker's data converter, outside the workflow sandbox;
 * workflow code never imports it (and cannot: lint keeps @psp/persistence out of workflows).
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';
const ENCODING_METADATA = 'encoding';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Binds each ciphertext to its purpose, so a field ciphertext made with the same key material is no payload. */
const AAD_PREFIX = 'psp-temporal-payload:';

export interface PayloadKeys {
  /** key id → 32-byte AES-256 key */
  keys: Map<string, Buffer>;
  activeKeyId: string;
}

/** Raised when a payload cannot be decrypted: unknown key id, wrong key, or altered ciphertext. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly k: PayloadKeys) {
    for (const [id, key] of k.keys) if (key.length !== 32) throw new Error(`Temporal payload key ${id} must be 32 bytes`);
    if (!k.keys.has(k.activeKeyId)) throw new Error(`the active Temporal payload key ${k.activeKeyId} is not among the keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.k.activeKeyId;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.k.keys.get(keyId)!, nonce);
    cipher.setAAD(Buffer.from(AAD_PREFIX + keyId, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: { [ENCODING_METADATA]: utf8(ENCRYPTED_ENCODING), [ENCRYPTION_KEY_ID_METADATA]: utf8(keyId) },
      data: new Uint8Array(Buffer.concat([nonce, cipher.getAuthTag(), body])),
    };
  }

  /**
   * A payload not marked `binary/encrypted` passes through: histories written before payloads were
   * encrypted keep replaying. That lets nobody forge a change: no workflow input, signal or query
   * names a human actor or changes a record (docs/architecture.md, "Records with timers").
   */
  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[ENCODING_METADATA]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[ENCRYPTION_KEY_ID_METADATA]);
    if (!keyId) throw new PayloadDecryptionError(`an encrypted Temporal payload has no ${ENCRYPTION_KEY_ID_METADATA}`);
    const key = this.k.keys.get(keyId);
    if (!key) throw new PayloadDecryptionError(`no Temporal payload key with id ${keyId} is configured (TEMPORAL_PAYLOAD_KEYS)`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new PayloadDecryptionError('an encrypted Temporal payload is too short');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(AAD_PREFIX + keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`a Temporal payload does not decrypt with key ${keyId}: altered, or encrypted with another key of that id`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/**
 * The data converter of every Temporal client and worker of the system (api, worker, tools, tests):
 * JSON payloads, then encrypted. Takes the configuration's TEMPORAL_PAYLOAD_KEYS.
 */
export function temporalDataConverter(keys: { payloadKeys: Map<string, Buffer>; payloadActiveKeyId: string }): DataConverter {
  return { payloadCodecs: [new EncryptionCodec({ keys: keys.payloadKeys, activeKeyId: keys.payloadActiveKeyId })] };
}
