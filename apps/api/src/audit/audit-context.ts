import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessPurpose, Actor } from '@psp/domain';
import type { AccessLogAction } from '@psp/persistence';

/** Who is using personal data, why, and in which request: set by the guard for PersonalData routes. */
export interface AuditContext {
  actor: Actor;
  purpose: AccessPurpose;
  action: AccessLogAction;
  resourceType: string;
  requestId: string | null;
  clientAddress: string | null;
}

export type AuditedRequest = { audit?: AuditContext };

export const Audit = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuditContext => {
  const audit = ctx.switchToHttp().getRequest<AuditedRequest>().audit;
  if (!audit) throw new Error('Audit used on a route without a PersonalData declaration');
  return audit;
});
