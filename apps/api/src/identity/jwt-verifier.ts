import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JwtConfig } from '@psp/config';
import { AuthenticationError, isRole, type Actor } from '@psp/domain';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Only asymmetric signatures: `none` and HMAC (a public key misused as secret) are refused. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Verified tokens kept in memory (bounded) so a client's repeated requests skip the signature check. */
const CACHE_SIZE = 10_000;

export class JwtVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly verified = new Map<string, { actor: Actor; expiresAtMs: number }>();

  constructor(private readonly config: JwtConfig) {
    switch (config.key.kind) {
      case 'jwks':
        this.key = createRemoteJWKSet(new URL(config.key.url));
        break;
      case 'pem':
        this.key = createPublicKey(config.key.pem);
        break;
      case 'pem-file':
        this.key = createPublicKey(readFileSync(config.key.path, 'utf8'));
        break;
    }
  }

  async verify(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.actor;
    if (known) this.verified.delete(token);
    const { actor, payload } = await this.verifyUncached(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { actor, expiresAtMs: (payload.exp as number) * 1000 });
    return actor;
  }

  private async verifyUncached(token: string): Promise<{ actor: Actor; payload: JWTPayload }> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        algorithms: ALLOWED_ALGORITHMS,
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      };
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, verifyOptions)
          : await jwtVerify(token, this.key, verifyOptions);
      payload = result.payload;
    } catch (err) {
      throw new AuthenticationError(describeJoseError(err));
    }
    return { actor: actorFromClaims(payload), payload };
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `The access token's "${err.claim}" claim is not accepted`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'The access token is signed with an algorithm that is not accepted';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is not valid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'The access token was signed by an unknown key';
  return 'The access token is malformed or not valid';
}

function actorFromClaims(p: JWTPayload): Actor {
  const missing = (claim: string) => new AuthenticationError(`The access token lacks a valid "${claim}" claim`);
  if (typeof p.sub !== 'string' || !UUID.test(p.sub)) throw missing('sub');
  if (typeof p['authority_id'] !== 'string' || !UUID.test(p['authority_id'])) throw missing('authority_id');
  const roles = p['roles'];
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw missing('roles');
  const username = typeof p['preferred_username'] === 'string' ? p['preferred_username'] : p.sub;
  return { userId: p.sub, username, authorityId: p['authority_id'], roles };
}
