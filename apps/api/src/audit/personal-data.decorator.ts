import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtension, ApiHeader } from '@nestjs/swagger';
import type { AccessPurpose } from '@psp/domain';
import type { AccessLogAction } from '@psp/persistence';

export const PERSONAL_DATA_KEY = 'psp:personal-data';
export const PURPOSE_HEADER = 'x-purpose';

export type PersonalDataDeclaration =
  | { uses: true; purpose: AccessPurpose; action: AccessLogAction; resourceType: string }
  | { uses: false; why: string };

/**
 * Declares that a route uses personal data, for which purpose, and how its use is logged. With
 * `Access` (who may call it) this is the route's whole policy; the route test fails on a route
 * that has neither this nor `NoPersonalData`.
 */
export function PersonalData(purpose: AccessPurpose, action: AccessLogAction, resourceType: string) {
  const declaration: PersonalDataDeclaration = { uses: true, purpose, action, resourceType };
  return applyDecorators(
    SetMetadata(PERSONAL_DATA_KEY, declaration),
    ApiExtension('x-personal-data', { purpose, action, resourceType }),
    ApiBadRequestResponse({ description: 'Malformed input, or an X-Purpose header that names no purpose of the PSP collaboration; the message says which' }),
    ApiHeader({
      name: 'X-Purpose',
      required: false,
      description: `The purpose of this use of personal data (default ${purpose}). Purposes outside the PSP collaboration, such as CRIMINAL_INVESTIGATION, are refused (Retsplejelovens §115 stk. 2) and logged.`,
    }),
  );
}

/** Declares that a route touches no citizen's personal data, and why. */
export function NoPersonalData(why: string) {
  const declaration: PersonalDataDeclaration = { uses: false, why };
  return SetMetadata(PERSONAL_DATA_KEY, declaration);
}
