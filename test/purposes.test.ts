import { allowedPurposes, purposesOfRoles, type AccessPurpose } from '@psp/domain';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { collectRoutes } from './support/routes';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/**
 * Each route that uses personal data accepts only its own purposes, and of those only what the
 * caller's roles may state: RETENTION is the system's, AUDIT and CITIZEN_ACCESS_REQUEST the
 * auditors'. A refused purpose is a 403 naming the allowed ones, and a DENIED row in the log.
 */
describe('purposes per route and role', () => {
  let db: TestDatabase;
  let api: TestApi;
  let forumId: string;
  let personId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('purposes') });
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    for (const u of ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'revisor']) tokens[u] = `Bearer ${await api.tokenFor(u)}`;
    const { body } = await request(api.http)
      .post('/api/v1/fokuspersoner')
      .set('Authorization', tokens['koordinator.pcb'])
      .send({ forumId, cpr: testCpr().formatted, name: 'Formål Testesen', criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Test af formål pr. rute' } })
      .expect(201);
    personId = body.id;
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  /** Calls a GET route as `user` with X-Purpose `purpose` (none if undefined); returns the status, message and the request's log rows. */
  const call = async (user: string, path: string, purpose?: string) => {
    const requestId = uniqueName('purpose-req');
    let req = request(api.http).get(path).set('Authorization', tokens[user]).set('X-Request-Id', requestId);
    if (purpose !== undefined) req = req.set('X-Purpose', purpose);
    const res = await req;
    const rows: { outcome: string; purpose: string; detail: string | null }[] = await db.dataSource.query(
      `SELECT outcome, purpose, detail FROM access_log WHERE request_id = $1 ORDER BY seq`,
      [requestId],
    );
    return { status: res.status, message: res.body?.message as string | undefined, rows };
  };
  const refused = async (user: string, path: string, purpose: string, allowed: string) => {
    const r = await call(user, path, purpose);
    expect({ purpose, status: r.status }).toEqual({ purpose, status: 403 });
    expect(r.message).toContain(`this route allows ${allowed}`);
    expect(r.rows).toEqual([{ outcome: 'DENIED', purpose, detail: r.message }]);
  };
  const allowed = async (user: string, path: string, purpose: string | undefined, logged: string) => {
    const r = await call(user, path, purpose);
    expect({ purpose, status: r.status }).toEqual({ purpose, status: 200 });
    expect(r.rows.length).toBeGreaterThan(0);
    expect(new Set(r.rows.map((x) => `${x.outcome} ${x.purpose}`))).toEqual(new Set([`ALLOWED ${logged}`]));
  };

  it('lets a coordinator read a person for case preparation or coordination, and for nothing else', async () => {
    const path = `/api/v1/fokuspersoner/${personId}`;
    await allowed('koordinator.pcb', path, undefined, 'PSP_COORDINATION');
    await allowed('koordinator.pcb', path, 'PSP_CASE_PREPARATION', 'PSP_CASE_PREPARATION');
    for (const purpose of ['RETENTION', 'AUDIT', 'CITIZEN_ACCESS_REQUEST', 'TASK_HANDLING', 'OVERSIGHT']) {
      await refused('koordinator.pcb', path, purpose, 'PSP_COORDINATION or PSP_CASE_PREPARATION');
    }
    expect((await call('koordinator.pcb', path, 'RETENTION')).message).toMatch(/RETENTION is the system’s own purpose/);
  });

  it('keeps AUDIT and CITIZEN_ACCESS_REQUEST to the auditor’s routes, and RETENTION from them too', async () => {
    await allowed('revisor', `/api/v1/audit/log?fokuspersonId=${personId}`, 'CITIZEN_ACCESS_REQUEST', 'CITIZEN_ACCESS_REQUEST');
    await allowed('revisor', `/api/v1/audit/fokuspersoner/${personId}/access-report`, 'AUDIT', 'AUDIT');
    await allowed('revisor', `/api/v1/audit/fokuspersoner/${personId}/access-report`, undefined, 'CITIZEN_ACCESS_REQUEST');
    await refused('revisor', `/api/v1/audit/log?fokuspersonId=${personId}`, 'RETENTION', 'AUDIT or CITIZEN_ACCESS_REQUEST');
    await refused('revisor', '/api/v1/audit/verify', 'CITIZEN_ACCESS_REQUEST', 'AUDIT');
    await refused('revisor', '/api/v1/audit/verify', 'PSP_COORDINATION', 'AUDIT');
  });

  it('holds caseworkers to task handling and supervisors’ overviews to oversight', async () => {
    await allowed('sagsbehandler.egedal', '/api/v1/me/tasks', undefined, 'TASK_HANDLING');
    await refused('sagsbehandler.egedal', '/api/v1/me/tasks', 'OVERSIGHT', 'TASK_HANDLING');
    await refused('sagsbehandler.egedal', '/api/v1/me/tasks', 'PSP_CASE_PREPARATION', 'TASK_HANDLING');
    await allowed('leder.egedal', '/api/v1/oversight/overdue', 'OVERSIGHT', 'OVERSIGHT');
    await refused('leder.egedal', '/api/v1/oversight/overdue', 'TASK_HANDLING', 'OVERSIGHT');
    await refused('leder.egedal', '/api/v1/oversight/overdue', 'RETENTION', 'OVERSIGHT');
  });

  it('refuses a purpose the caller’s roles may not state on a route that accepts it', async () => {
    const requestId = uniqueName('purpose-req');
    const res = await request(api.http)
      .post('/api/v1/fokuspersoner')
      .set('Authorization', tokens['sagsbehandler.egedal'])
      .set('X-Request-Id', requestId)
      .set('X-Purpose', 'PSP_COORDINATION')
      .send({ forumId, cpr: testCpr().formatted, name: 'Formål Anden', criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Test af formål pr. rute' } })
      .expect(403);
    expect(res.body.message).toMatch(/PSP_COORDINATION does not fit this route; this route allows PSP_CASE_PREPARATION/);
    expect(await db.dataSource.query(`SELECT outcome, purpose FROM access_log WHERE request_id = $1`, [requestId])).toEqual([{ outcome: 'DENIED', purpose: 'PSP_COORDINATION' }]);
  });

  it('declares, for every route that uses personal data, purposes each of its roles can use, and never RETENTION', () => {
    const problems: string[] = [];
    for (const r of collectRoutes(api.app)) {
      if (!r.personalData?.uses || !r.access || r.access.public) continue;
      const { purpose, purposes } = r.personalData;
      if (purposes[0] !== purpose) problems.push(`${r.method} ${r.path}: its own purpose ${purpose} is not first`);
      if (purposes.includes('RETENTION' as AccessPurpose)) problems.push(`${r.method} ${r.path}: accepts RETENTION`);
      for (const role of r.access.roles) {
        if (allowedPurposes([role], purposes).length === 0) problems.push(`${r.method} ${r.path}: ${role} may state none of ${purposes.join(', ')}`);
      }
      const auditors = purposes.filter((p) => p === 'AUDIT' || p === 'CITIZEN_ACCESS_REQUEST');
      if (auditors.length > 0 && r.access.roles.some((role) => role !== 'AUDITOR')) problems.push(`${r.method} ${r.path}: ${auditors.join(', ')} on a route not for auditors alone`);
    }
    expect(problems).toEqual([]);
    expect(purposesOfRoles(['COORDINATOR', 'CASEWORKER', 'SUPERVISOR', 'ADMIN'])).not.toContain('AUDIT');
  });

  it('states the allowed values of X-Purpose per route in the OpenAPI document', async () => {
    const doc = (await request(api.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] }>>;
    };
    const purposeEnum = (path: string, method: string) => doc.paths[path]?.[method]?.parameters?.find((p) => p.in === 'header' && p.name === 'X-Purpose')?.schema?.enum;
    expect(purposeEnum('/api/v1/fokuspersoner/{id}', 'get')).toEqual(['PSP_COORDINATION', 'PSP_CASE_PREPARATION']);
    expect(purposeEnum('/api/v1/fokuspersoner', 'post')).toEqual(['PSP_CASE_PREPARATION']);
    expect(purposeEnum('/api/v1/me/tasks', 'get')).toEqual(['TASK_HANDLING']);
    expect(purposeEnum('/api/v1/audit/verify', 'get')).toEqual(['AUDIT']);
    expect(purposeEnum('/api/v1/me', 'get')).toBeUndefined();
    for (const route of collectRoutes(api.app)) {
      if (!route.personalData?.uses) continue;
      const values = purposeEnum(route.path.replace(/:([A-Za-z]+)/g, '{$1}'), route.method.toLowerCase());
      expect({ route: `${route.method} ${route.path}`, values }).toEqual({ route: `${route.method} ${route.path}`, values: [...route.personalData.purposes] });
    }
  });
});
