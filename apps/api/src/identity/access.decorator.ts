import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@psp/domain';

export const ACCESS_KEY = 'psp:access';

export type AccessDeclaration = { public: true } | { public: false; roles: readonly Role[] };

/**
 * Declares who may call a route. Every route carries exactly one declaration (this or `Public`);
 * the global guard refuses a route without one, and a test enumerates the routes to prove it.
 */
export function Access(summary: string, ...roles: Role[]) {
  const declaration: AccessDeclaration = { public: false, roles };
  return applyDecorators(
    SetMetadata(ACCESS_KEY, declaration),
    ApiBearerAuth(),
    ApiOperation({ summary, description: `Roles: ${roles.join(', ')}` }),
    ApiUnauthorizedResponse({ description: 'No valid bearer token' }),
    ApiForbiddenResponse({ description: `The caller lacks one of the roles ${roles.join(', ')}, or (where the route uses personal data) is refused by the need-to-know rules or states a purpose (X-Purpose) the route or the caller’s roles do not allow` }),
    ApiTooManyRequestsResponse({ description: 'Too many invalid tokens from this address; wait a minute' }),
    ApiServiceUnavailableResponse({ description: 'The database or the workflow service is unavailable; nothing was changed, try again' }),
  );
}

/** A route anyone may call without a token (health probes only). */
export function Public(summary: string) {
  const declaration: AccessDeclaration = { public: true };
  return applyDecorators(
    SetMetadata(ACCESS_KEY, declaration),
    ApiOperation({ summary, description: 'Public: no token needed' }),
  );
}
