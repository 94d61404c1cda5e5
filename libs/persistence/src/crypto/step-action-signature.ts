import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StepActionRequest } from '@psp/domain';

/**
 * The api's signature on a step change it sends through Temporal (the step workflow's Update),
 * checked by the worker's activity before it writes the step and the access-log row. Whoever
 * reaches Temporal (its frontend, UI or CLI) can send an Update; without the key they cannot make
 * one whose actor, purpose, request id or client address the worker will write to the log.
 *
 * HMAC-SHA256 with one key held by api and worker (TEMPORAL_REQUEST_SIGNING_KEY), not Ed25519
 * with the private key in the api only: the asymmetric split would only keep the worker from
 * signing, and the worker already holds what can write the access log directly (its database
 * role), so it would protect nothing more, at the cost of a key pair to generate and rotate. The
 * threat is someone who reaches Temporal and holds neither key.
 *
 * What is signed: the step id, the Update's id (chosen by the api, so the request is bound to one
 * Update of one step, and a replayed Update is the already-applied one), and every field of the
 * request but the signature, as canonical JSON (keys sorted, no whitespace, undefined left out,
 * which is what a JSON round trip through Temporal keeps).
 */
const CONTEXT = 'psp-step-action:v1\n';

export type UnsignedStepActionRequest = Omit<StepActionRequest, 'signature'>;

/** JSON with object keys sorted at every level; undefined members are left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    return json === undefined ? 'null' : json;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export class StepActionSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the Temporal request signing key must be at least 32 bytes');
  }

  /** The request with its signature, for the Update `updateId` of step `stepId`. */
  sign(stepId: string, updateId: string, request: UnsignedStepActionRequest): StepActionRequest {
    return { ...request, signature: this.mac(stepId, updateId, request).toString('base64url') };
  }

  /** True when `request.signature` is the api's for this step, this Update and exactly these fields. */
  verify(stepId: string, updateId: string | null, request: StepActionRequest): boolean {
    const { signature, ...fields } = request;
    if (typeof signature !== 'string' || !updateId) return false;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(stepId, updateId, fields);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(stepId: string, updateId: string, fields: UnsignedStepActionRequest): Buffer {
    return createHmac('sha256', this.key)
      .update(CONTEXT + canonicalJson({ stepId, updateId, request: fields }))
      .digest();
  }
}
