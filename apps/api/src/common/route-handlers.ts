import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

/** One route of the running application, as Nest's own registry has it. */
export interface RouteHandler {
  controller: new (...args: never[]) => unknown;
  /** The handler's method name on the controller. */
  name: string;
  handler: (...args: unknown[]) => unknown;
  /** GET, POST, … */
  method: string;
  /** `/api/v1/steps/:id` */
  path: string;
}

/** Every route handler of the application (the OpenAPI document's rules and the route tests read them alike). */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const found: RouteHandler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
        const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        found.push({ controller, name, handler: handler as RouteHandler['handler'], method, path });
      }
    }
  }
  return found;
}
