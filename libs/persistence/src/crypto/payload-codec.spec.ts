import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, ENCRYPTION_KEY_ID_METADATA, EncryptionCodec, PayloadDecryptionError, temporalDataConverter } from './payload-codec';

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('Temporal payload codec (AES-256-GCM)', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const codec = new EncryptionCodec({ keys: new Map([['t1', k1]]), activeKeyId: 't1' });
  const request = { actor: { userId: 'b7f4c7e2-0000-4000-8000-000000000001', username: 'sagsbehandler.egedal' }, clientAddress: '127.0.0.1' };
  const payload = (): Payload => defaultPayloadConverter.toPayload(request);

  it('round-trips a payload, its metadata included, and hides both', async () => {
    const [encrypted] = await codec.encode([payload()]);
    expect(text(encrypted.metadata?.['encoding'])).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.[ENCRYPTION_KEY_ID_METADATA])).toBe('t1');
    expect(Object.keys(encrypted.metadata ?? {}).sort()).toEqual(['encoding', ENCRYPTION_KEY_ID_METADATA]);
    const raw = Buffer.from(encrypted.data!);
    for (const secret of ['sagsbehandler.egedal', '127.0.0.1', 'json/plain', request.actor.userId]) expect(raw.includes(secret)).toBe(false);

    const [decoded] = await codec.decode([encrypted]);
    expect(text(decoded.metadata?.['encoding'])).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(request);
  });

  it('uses a fresh nonce each time: the same payload never encrypts the same', async () => {
    const [a, b] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
  });

  it('decodes by the key id in the payload: histories written before a rotation still read', async () => {
    const [old] = await codec.encode([payload()]);
    const rotated = new EncryptionCodec({ keys: new Map([['t1', k1], ['t2', k2]]), activeKeyId: 't2' });
    const [fresh] = await rotated.encode([payload()]);
    expect(text(fresh.metadata?.[ENCRYPTION_KEY_ID_METADATA])).toBe('t2');
    const decoded = await rotated.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([request, request]);
  });

  it('names the key id it does not have', async () => {
    const [encrypted] = await new EncryptionCodec({ keys: new Map([['t2', k2]]), activeKeyId: 't2' }).encode([payload()]);
    await expect(codec.decode([encrypted])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([encrypted])).rejects.toThrow('no Temporal payload key with id t2 is configured (TEMPORAL_PAYLOAD_KEYS)');
  });

  it('refuses an altered ciphertext, a key id swapped in, and a different key under the same id', async () => {
    const [encrypted] = await codec.encode([payload()]);
    const data = Buffer.from(encrypted.data!);
    data[data.length - 1] ^= 0x01;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow(/does not decrypt with key t1/);

    const both = new EncryptionCodec({ keys: new Map([['t1', k1], ['t2', k1]]), activeKeyId: 't1' });
    const relabelled = { ...encrypted, metadata: { ...encrypted.metadata, [ENCRYPTION_KEY_ID_METADATA]: Buffer.from('t2') } };
    await expect(both.decode([relabelled])).rejects.toThrow(/does not decrypt with key t2/);

    const impostor = new EncryptionCodec({ keys: new Map([['t1', k2]]), activeKeyId: 't1' });
    await expect(impostor.decode([encrypted])).rejects.toThrow(/does not decrypt with key t1/);
  });

  it('lets a payload written before encryption through (old histories replay)', async () => {
    const plain = payload();
    const [decoded] = await codec.decode([plain]);
    expect(decoded).toBe(plain);
  });

  it('refuses keys that are not 32 bytes and an active id without a key', () => {
    expect(() => new EncryptionCodec({ keys: new Map([['t1', randomBytes(16)]]), activeKeyId: 't1' })).toThrow(/must be 32 bytes/);
    expect(() => new EncryptionCodec({ keys: new Map([['t1', k1]]), activeKeyId: 't2' })).toThrow(/not among the keys/);
  });

  it('is the one codec of the data converter api and worker use', () => {
    const converter = temporalDataConverter({ payloadKeys: new Map([['t1', k1]]), payloadActiveKeyId: 't1' });
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.payloadCodecs![0]).toBeInstanceOf(EncryptionCodec);
  });
});
