import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtension, ApiHeader } from '@nestjs/swagger';
import { checkPurpose, SYSTEM_PURPOSES, type AccessPurpose } from '@psp/domain';
import type { AccessLogAction } from '@psp/persistence';

export const PERSONAL_DATA_KEY = 'psp:personal-data';
export const PURPOSE_HEADER = 'x-purpose';

export type PersonalDataDeclaration =
  | { uses: true; purpose: AccessPurpose; purposes: readonly AccessPurpose[]; action: AccessLogAction; resourceType: string }
  | { uses: false; why: string };

/**
 * Declares that a route uses personal data, for which purpose, and how its use is logged. With
 * `Access` (who may call it) this is the route's whole policy; the route test fails on a route
 * that has neither this nor `NoPersonalData`. The route accepts its own purpose and, where more
 * than one fits, those in `alsoFor`; of these a caller may state (X-Purpose) only those their
 * roles may (libs/domain ROLE_PURPOSES). Anything else is refused with 403 and logged.
 */
export function PersonalData(purpose: AccessPurpose, action: AccessLogAction, resourceType: string, options: { alsoFor?: readonly AccessPurpose[] } = {}) {
  const purposes = [purpose, ...(options.alsoFor ?? []).filter((p) => p !== purpose)];
  for (const p of purposes) {
    if (SYSTEM_PURPOSES.includes(p) || !checkPurpose(p).allowed) throw new Error(`A route may not accept the purpose ${p}`);
  }
  const declaration: PersonalDataDeclaration = { uses: true, purpose, purposes, action, resourceType };
  return applyDecorators(
    SetMetadata(PERSONAL_DATA_KEY, declaration),
    ApiExtension('x-personal-data', { purpose, purposes, action, resourceType }),
    ApiBadRequestResponse({ description: 'Malformed input, or an X-Purpose header that names no purpose of the PSP collaboration; the message says which' }),
    ApiHeader({
      name: 'X-Purpose',
      required: false,
      enum: [...purposes],
      description:
        `The purpose of this use of personal data: ${purposes.join(', ')}, of these only those the caller’s roles may state. ` +
        `Without the header, the first of them the caller may state (${purpose} for this route’s usual caller). Any other purpose is refused with 403 and logged: ` +
        'RETENTION is the system’s own, AUDIT and CITIZEN_ACCESS_REQUEST are the auditors’, and CRIMINAL_INVESTIGATION is forbidden everywhere (Retsplejelovens §115 stk. 2).',
    }),
  );
}

/** Declares that a route touches no citizen's personal data, and why. */
export function NoPersonalData(why: string) {
  const declaration: PersonalDataDeclaration = { uses: false, why };
  return SetMetadata(PERSONAL_DATA_KEY, declaration);
}
