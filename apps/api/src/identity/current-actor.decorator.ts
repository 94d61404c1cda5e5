import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@psp/domain';
import type { AuthenticatedRequest } from './auth.guard';

/** The verified caller; the guard has set it before any handler with an `Access` declaration runs. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
