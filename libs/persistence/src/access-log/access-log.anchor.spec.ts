import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anchorKeyId,
  checkpointSignature,
  checkpointSignatureValid,
  listAnchorFiles,
  parseAnchor,
  parseEd25519PrivateKey,
  parseEd25519PublicKey,
  readAnchorFile,
  signAnchor,
  writeAnchorFile,
  type AnchoredChain,
} from './access-log.anchor';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const chains: AnchoredChain[] = Array.from({ length: 16 }, (_, chain) => ({ chain, chainSeq: chain * 3, hash: String(chain % 10).repeat(64) }));
const anchor = () => signAnchor(privateKey, { createdAt: '2026-01-05T10:00:00.123Z', reason: 'scheduled', chains });

describe('access-log anchors', () => {
  it('sign and parse back, naming the key', () => {
    const a = anchor();
    expect(a.keyId).toBe(anchorKeyId(publicKey));
    expect(parseAnchor(JSON.stringify(a), publicKey)).toEqual(a);
  });

  it('refuse another key, a changed number, an unsigned or malformed anchor', () => {
    const a = anchor();
    expect(() => parseAnchor(JSON.stringify(a), other.publicKey)).toThrow(/invalid signature/);
    const moved = { ...a, chains: a.chains.map((c) => (c.chain === 5 ? { ...c, chainSeq: c.chainSeq - 1 } : c)) };
    expect(() => parseAnchor(JSON.stringify(moved), publicKey)).toThrow(/invalid signature/);
    expect(() => parseAnchor(JSON.stringify({ ...a, createdAt: '2026-01-05T11:00:00.123Z' }), publicKey)).toThrow(/invalid signature/);
    const forged = signAnchor(other.privateKey, { createdAt: a.createdAt, reason: 'scheduled', chains });
    expect(() => parseAnchor(JSON.stringify({ ...forged, keyId: a.keyId }), publicKey)).toThrow(/invalid signature/);
    const { signature: _s, ...unsigned } = a;
    expect(() => parseAnchor(JSON.stringify(unsigned), publicKey)).toThrow(/not signed/);
    expect(() => parseAnchor('{', publicKey)).toThrow(/not JSON/);
    expect(() => parseAnchor(JSON.stringify({ ...a, format: 'x' }), publicKey)).toThrow(/not a psp-access-log-anchor/);
    expect(() => parseAnchor(JSON.stringify({ ...a, chains: [{ chain: 0, chainSeq: -1, hash: 'zz' }] }), publicKey)).toThrow(/chains/);
  });

  it('are written as new read-only files, sortable by time, never over another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    const first = writeAnchorFile(dir, anchor());
    const second = writeAnchorFile(dir, signAnchor(privateKey, { createdAt: '2026-01-05T11:00:00.000Z', reason: 'prune', chains }));
    const third = writeAnchorFile(dir, anchor()); // same time: a file of its own
    expect(new Set([first, second, third]).size).toBe(3);
    expect(listAnchorFiles(dir).at(-1)).toBe(second);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(statSync(join(dir, first)).mode & 0o222).toBe(0);
    expect(readAnchorFile(dir, second, publicKey).reason).toBe('prune');
    expect(JSON.parse(readFileSync(join(dir, first), 'utf8')).chains).toHaveLength(16);
    writeFileSync(join(dir, 'notes.txt'), 'not an anchor');
    expect(listAnchorFiles(dir)).toHaveLength(3);
    expect(listAnchorFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('read keys as PEM or base64 DER, Ed25519 only', () => {
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(anchorKeyId(parseEd25519PrivateKey(pem))).toBe(anchorKeyId(publicKey));
    expect(anchorKeyId(parseEd25519PrivateKey(der))).toBe(anchorKeyId(publicKey));
    expect(anchorKeyId(parseEd25519PublicKey(publicKey.export({ format: 'der', type: 'spki' }).toString('base64')))).toBe(anchorKeyId(publicKey));
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseEd25519PrivateKey(ec)).toThrow(/not Ed25519/);
  });
});

describe('retention checkpoint signatures', () => {
  const facts = { chain: 3, chainSeq: '120', hash: Buffer.alloc(32, 7), prunedBeforeUs: '1767225600000000', prunedRows: '120' };

  it('cover chain, position, hash, cutoff and rows', () => {
    const signature = checkpointSignature(privateKey, facts);
    expect(checkpointSignatureValid(publicKey, facts, signature)).toBe(true);
    expect(checkpointSignatureValid(other.publicKey, facts, signature)).toBe(false);
    for (const changed of [{ chain: 4 }, { chainSeq: '121' }, { hash: Buffer.alloc(32, 8) }, { prunedBeforeUs: '1767225600000001' }, { prunedRows: '119' }]) {
      expect(checkpointSignatureValid(publicKey, { ...facts, ...changed }, signature)).toBe(false);
    }
    expect(checkpointSignatureValid(publicKey, facts, null)).toBe(false);
    expect(checkpointSignatureValid(publicKey, facts, Buffer.alloc(0))).toBe(false);
  });
});
