import { randomBytes } from 'node:crypto';
import { canonicalJson, StepActionSigner, type UnsignedStepActionRequest } from './step-action-signature';

describe('the api’s signature on a step change', () => {
  const signer = new StepActionSigner(randomBytes(32));
  const request: UnsignedStepActionRequest = {
    action: 'BLOCK',
    actor: { userId: 'u-1', username: 'sagsbehandler.egedal', authorityId: 'a-1', roles: ['CASEWORKER'] },
    purpose: 'TASK_HANDLING',
    requestId: 'req-1',
    clientAddress: '127.0.0.1',
    blockReason: 'NOT_POSSIBLE',
    note: { keyId: 'k1', ciphertext: 'AAAA' },
  };

  it('verifies what it signed, after a JSON round trip (as through Temporal)', () => {
    const signed = signer.sign('step-1', 'update-1', { ...request, dueDate: undefined });
    expect(signed.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signer.verify('step-1', 'update-1', JSON.parse(JSON.stringify(signed)))).toBe(true);
  });

  it('refuses a request without a signature, with another key’s, or for another step or Update', () => {
    const signed = signer.sign('step-1', 'update-1', request);
    expect(signer.verify('step-1', 'update-1', request)).toBe(false);
    expect(signer.verify('step-1', 'update-1', { ...request, signature: '' })).toBe(false);
    expect(signer.verify('step-1', 'update-1', new StepActionSigner(randomBytes(32)).sign('step-1', 'update-1', request))).toBe(false);
    expect(signer.verify('step-2', 'update-1', signed)).toBe(false);
    expect(signer.verify('step-1', 'update-2', signed)).toBe(false);
    expect(signer.verify('step-1', null, signed)).toBe(false);
  });

  it('refuses any changed field: the actor, the client address, an added field', () => {
    const signed = signer.sign('step-1', 'update-1', request);
    expect(signer.verify('step-1', 'update-1', { ...signed, actor: { ...signed.actor, userId: 'u-2' } })).toBe(false);
    expect(signer.verify('step-1', 'update-1', { ...signed, actor: { ...signed.actor, roles: ['CASEWORKER', 'SUPERVISOR'] } })).toBe(false);
    expect(signer.verify('step-1', 'update-1', { ...signed, clientAddress: '10.0.0.1' })).toBe(false);
    expect(signer.verify('step-1', 'update-1', { ...signed, assigneeUserId: 'u-3' })).toBe(false);
  });

  it('signs canonical JSON: key order does not matter, undefined members are left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: undefined } })).toBe('{"a":{"d":[1,"x",null]},"b":1}');
    const reordered = Object.fromEntries(Object.entries(request).reverse()) as UnsignedStepActionRequest;
    expect(signer.sign('s', 'u', reordered).signature).toBe(signer.sign('s', 'u', request).signature);
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => new StepActionSigner(randomBytes(16))).toThrow(/at least 32 bytes/);
  });
});
