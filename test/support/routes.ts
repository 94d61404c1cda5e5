import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { PERSONAL_DATA_KEY, type PersonalDataDeclaration } from '../../apps/api/src/audit/personal-data.decorator';
import { ACCESS_KEY, type AccessDeclaration } from '../../apps/api/src/identity/access.decorator';

export interface Route {
  method: string;
  path: string;
  access: AccessDeclaration | undefined;
  personalData: PersonalDataDeclaration | undefined;
}

/** Every route of the running application, read from Nest's own registry, with its declarations. */
export function collectRoutes(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        routes.push({ method, path, access: meta(ACCESS_KEY), personalData: meta(PERSONAL_DATA_KEY) });
      }
    }
  }
  return routes;
}
