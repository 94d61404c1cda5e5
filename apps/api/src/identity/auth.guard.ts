import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AccessDeniedError,
  AuthenticationError,
  checkPurpose,
  hasAnyRole,
  isAccessPurpose,
  ValidationError,
  type AccessPurpose,
  type Actor,
} from '@psp/domain';
import type { Request } from 'express';
import type { AuditContext, AuditedRequest } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { PERSONAL_DATA_KEY, PURPOSE_HEADER, type PersonalDataDeclaration } from '../audit/personal-data.decorator';
import { Metrics } from '../metrics/metrics';
import { ACCESS_KEY, type AccessDeclaration } from './access.decorator';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { JwtVerifier } from './jwt-verifier';

export type AuthenticatedRequest = Request & { actor?: Actor; id?: unknown } & AuditedRequest;

/**
 * Global guard: authenticates every request, enforces the route's declared roles and, on routes
 * that use personal data, the purpose (refusing §115 stk. 2's criminal investigation). Refusals on
 * personal-data routes are written to the access log like allowed uses. Fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(AuthFailureLimiter) private readonly limiter: AuthFailureLimiter,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, targets);
    if (declaration?.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) {
      this.metrics.authFailures.inc({ reason: 'missing' });
      throw new AuthenticationError('A bearer token is required (Authorization: Bearer <token>)');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      this.metrics.authFailures.inc({ reason: 'malformed' });
      throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    }
    const address = request.ip ?? 'unknown';
    this.limiter.check(address);
    let actor: Actor;
    try {
      actor = await this.verifier.verify(match[1]);
    } catch (err) {
      this.limiter.fail(address);
      this.metrics.authFailures.inc({ reason: 'invalid' });
      throw err;
    }
    request.actor = actor;

    if (!declaration) throw new AccessDeniedError('This route has no access declaration and is closed');
    const data = this.reflector.getAllAndOverride<PersonalDataDeclaration | undefined>(PERSONAL_DATA_KEY, targets);
    if (!data) throw new AccessDeniedError('This route has no personal-data declaration and is closed');

    if (!data.uses) {
      if (!hasAnyRole(actor, declaration.roles)) throw new AccessDeniedError(rolesMessage(declaration.roles));
      return true;
    }

    const audit: AuditContext = {
      actor,
      purpose: this.purpose(request, data.purpose),
      action: data.action,
      resourceType: data.resourceType,
      requestId: request.id === undefined ? null : String(request.id),
      clientAddress: request.ip ?? null,
    };
    const refuse = async (reason: string) => {
      await this.audited.logDenial({
        actor: { userId: actor.userId, username: actor.username, authorityId: actor.authorityId, roles: actor.roles },
        action: audit.action,
        resourceType: audit.resourceType,
        resourceId: typeof request.params?.['id'] === 'string' ? request.params['id'] : null,
        purpose: audit.purpose,
        outcome: 'DENIED',
        detail: reason,
        requestId: audit.requestId,
        clientAddress: audit.clientAddress,
      });
      throw new AccessDeniedError(reason);
    };
    if (!hasAnyRole(actor, declaration.roles)) await refuse(rolesMessage(declaration.roles));
    const purposeCheck = checkPurpose(audit.purpose);
    if (!purposeCheck.allowed) await refuse(purposeCheck.reason);
    request.audit = audit;
    return true;
  }

  private purpose(request: Request, fallback: AccessPurpose): AccessPurpose {
    const stated = request.headers[PURPOSE_HEADER];
    if (stated === undefined) return fallback;
    if (!isAccessPurpose(stated)) {
      throw new ValidationError(`The X-Purpose header must name a purpose of the PSP collaboration, e.g. ${fallback}`);
    }
    return stated;
  }
}

const rolesMessage = (roles: readonly string[]) => `This action requires one of the roles: ${roles.join(', ')}`;
