import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AccessDeniedError,
  AuthenticationError,
  decidePurpose,
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
import type { ApiConfig } from '@psp/config';
import { WebSessionRepository } from '@psp/persistence';
import { API_CONFIG } from '../config.token';
import { Metrics } from '../metrics/metrics';
import { ACCESS_KEY, type AccessDeclaration } from './access.decorator';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { JwtVerifier } from './jwt-verifier';
import { BACKGROUND_HEADER, crossSiteRefusal, readCookie, sessionCookieName } from './session-cookie';
import { UserDirectory, type Resolution } from './user-directory';

export type AuthenticatedRequest = Request & { actor?: Actor; id?: unknown } & AuditedRequest;

/**
 * Global guard: authenticates every request (a bearer token, or a browser session cookie), takes
 * what the caller may do from the PSP user table (through a cache of at most 15 s), refuses a
 * signed-in browser's cross-site changes, enforces the route's declared roles and, on routes that
 * use personal data, the purpose: one the route accepts and the caller's roles may state (libs/domain
 * decidePurpose; §115 stk. 2's criminal investigation is refused everywhere). Refusals on
 * personal-data routes are written to the access log like allowed uses. Fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(WebSessionRepository) private readonly sessions: WebSessionRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(AuthFailureLimiter) private readonly limiter: AuthFailureLimiter,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, targets);
    if (declaration?.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { actor, viaSession } = await this.identify(request);
    request.actor = actor;

    if (!declaration) throw new AccessDeniedError('This route has no access declaration and is closed');
    const data = this.reflector.getAllAndOverride<PersonalDataDeclaration | undefined>(PERSONAL_DATA_KEY, targets);
    if (!data) throw new AccessDeniedError('This route has no personal-data declaration and is closed');

    const crossSite = viaSession ? crossSiteRefusal(request, this.allowedOrigins) : undefined;
    if (crossSite) this.metrics.authFailures.inc({ reason: 'cross-site' });
    if (!data.uses) {
      if (crossSite) throw new AccessDeniedError(crossSite);
      if (!hasAnyRole(actor, declaration.roles)) throw new AccessDeniedError(rolesMessage(declaration.roles));
      return true;
    }

    const purpose = decidePurpose(actor.roles, data.purposes, this.statedPurpose(request, data.purpose));
    const audit: AuditContext = {
      actor,
      purpose: purpose.purpose,
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
    if (crossSite) await refuse(crossSite);
    if (!hasAnyRole(actor, declaration.roles)) await refuse(rolesMessage(declaration.roles));
    if (!purpose.allowed) await refuse(purpose.reason);
    request.audit = audit;
    return true;
  }

  private get allowedOrigins(): string[] {
    return [new URL(this.config.http.publicBaseUrl).origin, new URL(this.config.webBaseUrl).origin];
  }

  /** Who the caller is (token or session) and what the PSP user table lets them do. */
  private async identify(request: AuthenticatedRequest): Promise<{ actor: Actor; viaSession: boolean }> {
    const header = request.headers.authorization;
    let resolution: Resolution;
    let viaSession = false;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        this.metrics.authFailures.inc({ reason: 'malformed' });
        throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
      }
      const address = request.ip ?? 'unknown';
      this.limiter.check(address);
      let name: string;
      try {
        name = (await this.verifier.verify(match[1])).name;
      } catch (err) {
        this.limiter.fail(address);
        this.metrics.authFailures.inc({ reason: 'invalid' });
        throw err;
      }
      resolution = await this.users.resolve(this.config.identityClaim === 'email' ? { email: name } : { username: name });
    } else {
      const sessionId = readCookie(request, sessionCookieName(this.config.session));
      if (!sessionId) {
        this.metrics.authFailures.inc({ reason: 'missing' });
        throw new AuthenticationError('Sign in, or send a bearer token (Authorization: Bearer <token>)');
      }
      // What the person does keeps the session alive; the page's background refreshes do not.
      const background = request.headers[BACKGROUND_HEADER] === '1' || (request.method === 'GET' && request.path === '/api/v1/me/session');
      const session = await this.sessions.find(sessionId, background ? undefined : { idleMinutes: this.config.session.idleMinutes });
      if (!session) {
        this.metrics.authFailures.inc({ reason: 'session-ended' });
        throw new AuthenticationError('Your session has ended; sign in again');
      }
      resolution = await this.users.resolve({ id: session.userId });
      viaSession = true;
    }
    if (resolution.kind === 'unknown') {
      this.metrics.authFailures.inc({ reason: 'no-psp-user' });
      throw new AccessDeniedError('There is no PSP user for this login; ask your PSP administrator to set up your access');
    }
    if (resolution.kind === 'inactive') {
      this.metrics.authFailures.inc({ reason: 'deactivated' });
      throw new AuthenticationError('The PSP user of this login is deactivated');
    }
    return { actor: resolution.actor, viaSession };
  }

  /** The X-Purpose header, if sent; one that names no purpose of the collaboration is a 400. */
  private statedPurpose(request: Request, example: AccessPurpose): AccessPurpose | undefined {
    const stated = request.headers[PURPOSE_HEADER];
    if (stated === undefined) return undefined;
    if (!isAccessPurpose(stated)) {
      throw new ValidationError(`The X-Purpose header must name a purpose of the PSP collaboration, e.g. ${example}`);
    }
    return stated;
  }
}

const rolesMessage = (roles: readonly string[]) => `This action requires one of the roles: ${roles.join(', ')}`;
