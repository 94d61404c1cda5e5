import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IdentityClaim, JwtConfig } from '@psp/config';
import { AuthenticationError } from '@psp/domain';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Only asymmetric signatures: `none` and HMAC (a public key misused as secret) are refused. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'];

/**
 * Who a token says its bearer is. What they may do comes from the PSP user table, never from the
 * token: the identity provider says who, PSP says what.
 */
export interface TokenIdentity {
  subject: string;
  /** The value of the claim that names the PSP user (`preferred_username` or `email`). */
  name: string;
}
/** Verified tokens kept in memory (bounded) so a client's repeated requests skip the signature check. */
const CACHE_SIZE = 10_000;

export class JwtVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly verified = new Map<string, { identity: TokenIdentity; expiresAtMs: number }>();

  constructor(
    private readonly config: JwtConfig,
    private readonly identityClaim: IdentityClaim = 'preferred_username',
  ) {
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

  async verify(token: string): Promise<TokenIdentity> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.identity;
    if (known) this.verified.delete(token);
    const { identity, payload } = await this.verifyUncached(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { identity, expiresAtMs: (payload.exp as number) * 1000 });
    return identity;
  }

  private async verifyUncached(token: string): Promise<{ identity: TokenIdentity; payload: JWTPayload }> {
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
    return { identity: identityFromClaims(payload, this.identityClaim), payload };
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

export function identityFromClaims(p: JWTPayload, claim: IdentityClaim): TokenIdentity {
  const missing = (name: string) => new AuthenticationError(`The token lacks a valid "${name}" claim`);
  if (typeof p.sub !== 'string' || p.sub.length === 0) throw missing('sub');
  const name = p[claim];
  if (typeof name !== 'string' || name.trim().length === 0) throw missing(claim);
  return { subject: p.sub, name: name.trim() };
}
