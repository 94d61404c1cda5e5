import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { collectRoutes, type Route } from './support/routes';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

describe('every route declares its access', () => {
  let db: TestDatabase;
  let api: TestApi;
  let routes: Route[];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('routes') });
    routes = collectRoutes(api.app);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('finds the routes (the collector itself works)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/me' }));
  });

  it('has an access declaration on every route; only health probes, metrics and the browser sign-in are public', () => {
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    const noDataDeclaration = routes.filter((r) => !r.access?.public && r.personalData === undefined).map((r) => `${r.method} ${r.path}`);
    expect(noDataDeclaration).toEqual([]);
    const publicRoutes = routes.filter((r) => r.access?.public).map((r) => r.path);
    expect(publicRoutes.sort()).toEqual(['/auth/callback', '/auth/login', '/auth/logout', '/health/live', '/health/ready', '/metrics']);
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
