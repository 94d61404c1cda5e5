import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedError, AuthenticationError, hasAnyRole, type Actor } from '@psp/domain';
import type { Request } from 'express';
import { ACCESS_KEY, type AccessDeclaration } from './access.decorator';
import { JwtVerifier } from './jwt-verifier';

export type AuthenticatedRequest = Request & { actor?: Actor };

/** Global guard: authenticates every request and enforces the route's declared roles. Fails closed. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (declaration?.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new AuthenticationError('A bearer token is required (Authorization: Bearer <token>)');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    request.actor = await this.verifier.verify(match[1]);

    if (!declaration) throw new AccessDeniedError('This route has no access declaration and is closed');
    if (!hasAnyRole(request.actor, declaration.roles)) {
      throw new AccessDeniedError(`This action requires one of the roles: ${declaration.roles.join(', ')}`);
    }
    return true;
  }
}
