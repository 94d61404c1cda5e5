import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { collectRoutes, type Route } from './support/routes';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

const ID = '00000000-0000-4000-8000-000000000000';

/** RFC 9110: a method the api does not serve on a path it serves is 405 with Allow; an unknown path is 404. */
describe('unsupported methods', () => {
  let db: TestDatabase;
  let api: TestApi;
  let routes: Route[];
  let web: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A web app of one page, so the page fallback (web-app.ts) is on.
    web = mkdtempSync(join(tmpdir(), 'psp-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>PSP</title>');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('methods'), env: { WEB_DIST_DIR: web } });
    routes = collectRoutes(api.app);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
    rmSync(web, { recursive: true, force: true });
  });

  /** The methods each path serves, as Allow lists them. */
  function served(): Map<string, string[]> {
    const byPath = new Map<string, Set<string>>();
    for (const r of routes) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
    return new Map(
      [...byPath].map(([path, methods]) => {
        if (methods.has('GET')) methods.add('HEAD');
        return [path, [...methods, 'OPTIONS'].sort()];
      }),
    );
  }

  it('answers a method no route of the path serves with 405, Allow and the JSON error, before authentication', async () => {
    for (const [path, allowed] of served()) {
      const concrete = path.replace(/:[A-Za-z]+/g, ID);
      for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'POST', 'GET'].filter((m) => !allowed.includes(m))) {
        const res = await request(api.http)[method.toLowerCase() as 'get'](concrete);
        expect({ request: `${method} ${path}`, status: res.status, allow: res.headers['allow'] }).toEqual({ request: `${method} ${path}`, status: 405, allow: allowed.join(', ') });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toEqual({
          statusCode: 405,
          error: 'Method Not Allowed',
          message: `${method} is not allowed on ${concrete}; allowed: ${allowed.join(', ')}`,
          requestId: expect.any(String),
        });
      }
    }
  });

  it('answers OPTIONS with 204 and Allow, and lets the served methods through to their routes', async () => {
    const options = await request(api.http).options(`/api/v1/steps/${ID}/due-date`).expect(204);
    expect(options.headers['allow']).toBe('OPTIONS, PUT');
    // Served: the route answers (here: no token), not the 405.
    await request(api.http).put(`/api/v1/steps/${ID}/due-date`).expect(401);
    await request(api.http).head('/api/v1/me').expect(401);
    await request(api.http).get('/health/live').expect(200);
  });

  it('lets a literal path decide over a parameter path beside it, as OpenAPI does', async () => {
    // /fokuspersoner/search is POST only, though GET /fokuspersoner/:id would match the path.
    const res = await request(api.http).get('/api/v1/fokuspersoner/search').expect(405);
    expect(res.headers['allow']).toBe('OPTIONS, POST');
    // A parameter path keeps its own methods.
    expect((await request(api.http).delete(`/api/v1/fokuspersoner/${ID}`).expect(405)).headers['allow']).toBe('GET, HEAD, OPTIONS, PATCH');
  });

  it('matches paths as Express does: any case, with or without a trailing slash', async () => {
    expect((await request(api.http).delete('/API/V1/ME/').expect(405)).headers['allow']).toBe('GET, HEAD, OPTIONS');
  });

  it('keeps 404 for a path the api does not serve, and the web app’s pages for other GETs', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const res = await request(api.http)[method]('/api/v1/no-such-thing').expect(404);
      expect(res.headers['allow']).toBeUndefined();
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    await request(api.http).options('/api/v1/no-such-thing').expect(404);
    const page = await request(api.http).get('/moeder/1234').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    await request(api.http).post('/moeder/1234').expect(404);
  });
});
