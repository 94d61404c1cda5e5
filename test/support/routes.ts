import type { INestApplication } from '@nestjs/common';
import { PERSONAL_DATA_KEY, type PersonalDataDeclaration } from '../../apps/api/src/audit/personal-data.decorator';
import { ACCESS_KEY, type AccessDeclaration } from '../../apps/api/src/identity/access.decorator';
import { routeHandlers } from '../../apps/api/src/common/route-handlers';

export interface Route {
  method: string;
  path: string;
  access: AccessDeclaration | undefined;
  personalData: PersonalDataDeclaration | undefined;
}

/** Every route of the running application, read from Nest's own registry, with its declarations. */
export function collectRoutes(app: INestApplication): Route[] {
  return routeHandlers(app).map(({ controller, handler, method, path }) => {
    const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
    return { method, path, access: meta(ACCESS_KEY), personalData: meta(PERSONAL_DATA_KEY) };
  });
}
