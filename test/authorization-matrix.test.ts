import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { collectRoutes } from './support/routes';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/**
 * Every register and audit route × every role × (own forum / other forum / other authority).
 * Each case gets its expected status, and each decision — allowed or refused — is in the access
 * log under the request's id, with the matching outcome.
 */
type Scope = 'own forum' | 'other forum' | 'other authority' | 'any';
interface Caller {
  username: string;
  role: string;
  scope: Scope;
}

// psp-pcb is the forum under test. Egedal and PCB are members; Hillerød and PCH are not.
const CALLERS: Caller[] = [
  { username: 'admin', role: 'ADMIN', scope: 'any' },
  { username: 'revisor', role: 'AUDITOR', scope: 'any' },
  { username: 'koordinator.pcb', role: 'COORDINATOR', scope: 'own forum' },
  { username: 'koordinator.hilleroed', role: 'COORDINATOR', scope: 'other forum' },
  { username: 'sagsbehandler.egedal', role: 'CASEWORKER', scope: 'own forum' },
  { username: 'sagsbehandler.hilleroed', role: 'CASEWORKER', scope: 'other authority' },
  { username: 'leder.egedal', role: 'SUPERVISOR', scope: 'own forum' },
  { username: 'leder.pch', role: 'SUPERVISOR', scope: 'other authority' },
];

interface Route {
  name: string;
  /** Builds the request; `person` is a fresh NOMINATED fokusperson in psp-pcb. */
  send: (api: TestApi, ctx: { forumId: string; person: { id: string; version: number }; egedal: string }) => request.Test;
  expected: (c: Caller) => number;
}

const coordinatorOnly = (ok: number) => (c: Caller) =>
  c.role !== 'COORDINATOR' ? 403 : c.scope === 'own forum' ? ok : 404;
const auditorOnly = (c: Caller) => (c.role === 'AUDITOR' ? 200 : 403);

const ROUTES: Route[] = [
  {
    name: 'POST /api/v1/fokuspersoner',
    send: (api, { forumId }) =>
      request(api.http).post('/api/v1/fokuspersoner').send({
        forumId,
        cpr: testCpr().formatted,
        name: 'Matrix Person',
        criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['MUNICIPALITY'], reason: 'Matrixtest af adgangsregler' },
      }),
    expected: (c) => (['ADMIN', 'AUDITOR'].includes(c.role) ? 403 : c.scope === 'own forum' ? 201 : 403),
  },
  { name: 'GET /api/v1/fokuspersoner', send: (api, { forumId }) => request(api.http).get(`/api/v1/fokuspersoner?forumId=${forumId}`), expected: coordinatorOnly(200) },
  {
    name: 'POST /api/v1/fokuspersoner/search',
    send: (api) => request(api.http).post('/api/v1/fokuspersoner/search').send({ cpr: testCpr().formatted }),
    expected: (c) => (c.role === 'COORDINATOR' ? 200 : 403),
  },
  { name: 'GET /api/v1/fokuspersoner/:id', send: (api, { person }) => request(api.http).get(`/api/v1/fokuspersoner/${person.id}`), expected: coordinatorOnly(200) },
  {
    name: 'POST /api/v1/fokuspersoner/:id/reveal-cpr',
    send: (api, { person }) => request(api.http).post(`/api/v1/fokuspersoner/${person.id}/reveal-cpr`).send({ justification: 'Matrixtest af adgangsregler' }),
    expected: coordinatorOnly(200),
  },
  {
    name: 'PATCH /api/v1/fokuspersoner/:id',
    send: (api, { person }) => request(api.http).patch(`/api/v1/fokuspersoner/${person.id}`).send({ version: person.version, notes: 'matrix' }),
    expected: coordinatorOnly(200),
  },
  {
    name: 'POST /api/v1/fokuspersoner/:id/decisions',
    send: (api, { person }) => request(api.http).post(`/api/v1/fokuspersoner/${person.id}/decisions`).send({ decision: 'ACCEPT', reason: 'matrix' }),
    expected: coordinatorOnly(200),
  },
  {
    name: 'PUT /api/v1/fokuspersoner/:id/lead-authority',
    send: (api, { person, egedal }) => request(api.http).put(`/api/v1/fokuspersoner/${person.id}/lead-authority`).send({ authorityId: egedal, reason: 'matrix' }),
    expected: coordinatorOnly(200),
  },
  {
    name: 'PUT /api/v1/fokuspersoner/:id/information-decision',
    send: (api, { person }) => request(api.http).put(`/api/v1/fokuspersoner/${person.id}/information-decision`).send({ decision: 'INFORMED', reason: 'Borgeren er orienteret' }),
    expected: coordinatorOnly(200),
  },
  { name: 'GET /api/v1/audit/log', send: (api, { person }) => request(api.http).get(`/api/v1/audit/log?fokuspersonId=${person.id}`), expected: auditorOnly },
  { name: 'GET /api/v1/audit/log.csv', send: (api, { person }) => request(api.http).get(`/api/v1/audit/log.csv?fokuspersonId=${person.id}`), expected: auditorOnly },
  { name: 'GET /api/v1/audit/verify', send: (api) => request(api.http).get('/api/v1/audit/verify'), expected: auditorOnly },
  { name: 'POST /api/v1/audit/verifications', send: (api) => request(api.http).post('/api/v1/audit/verifications'), expected: (c) => (c.role === 'AUDITOR' ? 201 : 403) },
  {
    name: 'GET /api/v1/audit/fokuspersoner/:id/access-report.pdf',
    send: (api, { person }) => request(api.http).get(`/api/v1/audit/fokuspersoner/${person.id}/access-report.pdf`),
    expected: auditorOnly,
  },
  {
    name: 'GET /api/v1/audit/fokuspersoner/:id/access-report',
    send: (api, { person }) => request(api.http).get(`/api/v1/audit/fokuspersoner/${person.id}/access-report`),
    expected: auditorOnly,
  },
];

describe('authorization matrix', () => {
  let db: TestDatabase;
  let api: TestApi;
  let forumId: string;
  let egedal: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('matrix') });
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [{ id: egedal }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = 'kommune-egedal'`);
    for (const c of CALLERS) tokens[c.username] = `Bearer ${await api.tokenFor(c.username)}`;
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));

  it.each(cases.map((c) => [c.route.name, `${c.caller.role} (${c.caller.scope})`, c]))('%s as %s', async (_r, _c, { route, caller }) => {
    const coordinator = `Bearer ${await api.tokenFor('koordinator.pcb')}`;
    const nominated = await request(api.http)
      .post('/api/v1/fokuspersoner')
      .set('Authorization', coordinator)
      .send({ forumId, cpr: testCpr().formatted, name: 'Matrix Person', criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Matrixtest af adgangsregler' } })
      .expect(201);
    const requestId = uniqueName('matrix-req');
    const expected = route.expected(caller);
    const res = await route.send(api, { forumId, person: { id: nominated.body.id, version: nominated.body.version }, egedal })
      .set('Authorization', tokens[caller.username])
      .set('X-Request-Id', requestId);
    expect(res.status).toBe(expected);

    const rows: { outcome: string }[] = await db.dataSource.query(`SELECT outcome FROM access_log WHERE request_id = $1`, [requestId]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const outcomes = new Set(rows.map((r) => r.outcome));
    expect([...outcomes]).toEqual([expected < 300 ? 'ALLOWED' : 'DENIED']);
  });

  it('covers every register and audit route', () => {
    const personal = collectRoutes(api.app)
      .filter((r) => r.personalData?.uses && /^\/api\/v1\/(fokuspersoner|audit)/.test(r.path) && !r.path.includes('/helhedsplan'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(ROUTES.map((r) => r.name).sort()).toEqual(personal);
    expect(new Set(CALLERS.map((c) => c.role)).size).toBe(5);
  });
});
