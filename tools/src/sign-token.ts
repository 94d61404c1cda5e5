import type { KeyObject } from 'node:crypto';
import type { Role } from '@psp/domain';
import { SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-issuer';

export interface TokenSubject {
  id: string;
  username: string;
  authorityId: string;
  roles: Role[];
}

/** Signs an access token as the local development issuer does (OIDC-shaped claims, ES256). */
export async function signDevToken(privateKey: KeyObject, subject: TokenSubject, ttl = '8h'): Promise<string> {
  return new SignJWT({ preferred_username: subject.username, authority_id: subject.authorityId, roles: subject.roles })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'psp-dev' })
    .setSubject(subject.id)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(privateKey);
}
