import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { ACCESS_KEY, type AccessDeclaration } from '../apps/api/src/identity/access.decorator';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

interface Route {
  method: string;
  path: string;
  access: AccessDeclaration | undefined;
}

/** Every route of the running application, read from Nest's own registry. */
function collectRoutes(api: TestApi): Route[] {
  const routes: Route[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
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
        routes.push({ method, path, access: Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, controller) });
      }
    }
  }
  return routes;
}

describe('every route declares its access', () => {
  let db: TestDatabase;
  let api: TestApi;
  let routes: Route[];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('routes') });
    routes = collectRoutes(api);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('finds the routes (the collector itself works)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/me' }));
  });

  it('has an access declaration on every route; only health probes are public', () => {
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    const publicRoutes = routes.filter((r) => r.access?.public).map((r) => r.path);
    expect(publicRoutes.every((p) => p.startsWith('/health/'))).toBe(true);
    for (const r of routes) if (r.access && !r.access.public) expect(r.access.roles.length).toBeGreaterThan(0);
  });

  it('refuses every non-public route without a token', async () => {
    for (const r of routes.filter((x) => !x.access?.public)) {
      const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(api.http)[r.method.toLowerCase() as 'get'](path);
      expect(`${r.method} ${r.path} -> ${res.status}`).toBe(`${r.method} ${r.path} -> 401`);
    }
  });

  it('documents every route in OpenAPI with its roles and error responses', async () => {
    const doc = (await request(api.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    for (const r of routes) {
      const openApiPath = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[openApiPath]?.[r.method.toLowerCase()];
      expect({ route: `${r.method} ${r.path}`, documented: op !== undefined }).toEqual({ route: `${r.method} ${r.path}`, documented: true });
      if (r.access && !r.access.public) {
        expect(op!.description).toContain(`Roles: ${r.access.roles.join(', ')}`);
        expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });
});
