import request from 'supertest';
import { addBusinessDays, copenhagenDate } from '@psp/domain';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { collectRoutes } from './support/routes';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

/**
 * The helhedsplan, step, task and oversight routes × every role × scope, as for the register
 * (authorization-matrix.test.ts): the step is owned by Egedal (a member of psp-pcb) and assigned
 * to an Egedal caseworker. Each decision is in the log under the request's id.
 */
interface Caller {
  username: string;
  role: string;
  is: 'assignee' | 'owner supervisor' | 'forum coordinator' | 'other forum coordinator' | 'other caseworker' | 'other supervisor' | 'admin' | 'auditor';
}

const CALLERS: Caller[] = [
  { username: 'admin', role: 'ADMIN', is: 'admin' },
  { username: 'revisor', role: 'AUDITOR', is: 'auditor' },
  { username: 'koordinator.pcb', role: 'COORDINATOR', is: 'forum coordinator' },
  { username: 'koordinator.hilleroed', role: 'COORDINATOR', is: 'other forum coordinator' },
  { username: 'sagsbehandler.egedal', role: 'CASEWORKER', is: 'assignee' },
  { username: 'sagsbehandler.hilleroed', role: 'CASEWORKER', is: 'other caseworker' },
  { username: 'leder.egedal', role: 'SUPERVISOR', is: 'owner supervisor' },
  { username: 'leder.pch', role: 'SUPERVISOR', is: 'other supervisor' },
];

interface Fixture {
  personId: string;
  stepId: string;
  egedal: string;
  reassignTo: string;
}
interface Route {
  name: string;
  prepare?: (f: Fixture, as: (user: string) => (method: 'post' | 'put', path: string, body?: object) => request.Test) => Promise<unknown>;
  send: (api: TestApi, f: Fixture) => request.Test;
  expected: (c: Caller) => number;
}

const due = (n: number) => addBusinessDays(copenhagenDate(new Date()), n);
/** The guard first (roles of the route), then the step policy (404 for strangers, 403 for the wrong kind of involvement). */
const stepRoute = (roles: string[], allowed: Caller['is'][], ok = 200) => (c: Caller) => {
  if (!roles.includes(c.role)) return 403;
  if (['other forum coordinator', 'other caseworker', 'other supervisor'].includes(c.is)) return 404;
  return allowed.includes(c.is) ? ok : 403;
};
const coordinatorOfForum = (ok: number) => (c: Caller) => (c.role !== 'COORDINATOR' ? 403 : c.is === 'forum coordinator' ? ok : 404);
const WORKERS = ['CASEWORKER', 'SUPERVISOR', 'COORDINATOR'];

const ROUTES: Route[] = [
  { name: 'GET /api/v1/fokuspersoner/:id/helhedsplan', send: (api, f) => request(api.http).get(`/api/v1/fokuspersoner/${f.personId}/helhedsplan`), expected: coordinatorOfForum(200) },
  {
    name: 'PUT /api/v1/fokuspersoner/:id/helhedsplan/goals',
    send: (api, f) => request(api.http).put(`/api/v1/fokuspersoner/${f.personId}/helhedsplan/goals`).send({ goals: ['Stabil bolig'], change: 'matrix' }),
    expected: coordinatorOfForum(200),
  },
  {
    name: 'POST /api/v1/fokuspersoner/:id/helhedsplan/steps',
    send: (api, f) =>
      request(api.http).post(`/api/v1/fokuspersoner/${f.personId}/helhedsplan/steps`).send({ description: 'matrix', ownerAuthorityId: f.egedal, assigneeUserId: f.reassignTo, dueDate: due(10) }),
    expected: coordinatorOfForum(201),
  },
  { name: 'GET /api/v1/steps/:id', send: (api, f) => request(api.http).get(`/api/v1/steps/${f.stepId}`), expected: stepRoute(WORKERS, ['assignee', 'owner supervisor', 'forum coordinator']) },
  { name: 'POST /api/v1/steps/:id/acknowledge', send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/acknowledge`), expected: stepRoute(WORKERS, ['assignee']) },
  { name: 'POST /api/v1/steps/:id/start', send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/start`), expected: stepRoute(WORKERS, ['assignee']) },
  {
    name: 'POST /api/v1/steps/:id/complete',
    send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/complete`).send({ outcome: 'matrix' }),
    expected: stepRoute(WORKERS, ['assignee']),
  },
  {
    name: 'POST /api/v1/steps/:id/block',
    send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/block`).send({ reason: 'NOT_POSSIBLE', text: 'matrix' }),
    expected: stepRoute(WORKERS, ['assignee']),
  },
  {
    name: 'POST /api/v1/steps/:id/resume',
    prepare: (f, as) => as('sagsbehandler.egedal')('post', `/api/v1/steps/${f.stepId}/block`, { reason: 'WAITING_ON_OTHER_AUTHORITY', text: 'venter' }).expect(200),
    send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/resume`),
    expected: stepRoute(WORKERS, ['assignee']),
  },
  {
    name: 'POST /api/v1/steps/:id/reassign',
    send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/reassign`).send({ assigneeUserId: f.reassignTo, reason: 'matrix' }),
    expected: stepRoute(['SUPERVISOR', 'COORDINATOR'], ['owner supervisor', 'forum coordinator']),
  },
  {
    name: 'PUT /api/v1/steps/:id/due-date',
    send: (api, f) => request(api.http).put(`/api/v1/steps/${f.stepId}/due-date`).send({ dueDate: due(20), reason: 'matrix' }),
    expected: stepRoute(['SUPERVISOR', 'COORDINATOR'], ['owner supervisor', 'forum coordinator']),
  },
  {
    name: 'POST /api/v1/steps/:id/cancel',
    send: (api, f) => request(api.http).post(`/api/v1/steps/${f.stepId}/cancel`).send({ reason: 'matrix' }),
    expected: stepRoute(['COORDINATOR'], ['forum coordinator']),
  },
  { name: 'GET /api/v1/me/tasks', send: (api) => request(api.http).get('/api/v1/me/tasks'), expected: (c) => (WORKERS.includes(c.role) ? 200 : 403) },
  { name: 'GET /api/v1/oversight/overdue', send: (api) => request(api.http).get('/api/v1/oversight/overdue'), expected: (c) => (c.role === 'SUPERVISOR' ? 200 : 403) },
  { name: 'GET /api/v1/oversight/blocked', send: (api) => request(api.http).get('/api/v1/oversight/blocked'), expected: (c) => (c.role === 'SUPERVISOR' ? 200 : 403) },
];

describe('authorization matrix: helhedsplan, steps, tasks, oversight', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker;
  let forumId: string;
  let egedal: string;
  let reassignTo: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const taskQueue = uniqueName('matrix-steps');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [{ id: egedal }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = 'kommune-egedal'`);
    [{ id: reassignTo }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'leder.egedal'`);
    for (const c of [...CALLERS.map((x) => x.username)]) tokens[c] = `Bearer ${await api.tokenFor(c)}`;
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
    await db.drop();
  });

  const as = (user: string) => (method: 'post' | 'put', path: string, body?: object) => request(api.http)[method](path).set('Authorization', tokens[user]).send(body);

  async function fixture(): Promise<Fixture> {
    const coordinator = as('koordinator.pcb');
    const { body: p } = await coordinator('post', '/api/v1/fokuspersoner', {
      forumId,
      cpr: testCpr().formatted,
      name: 'Matrix Handling',
      criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Matrixtest af handlinger' },
    }).expect(201);
    await coordinator('post', `/api/v1/fokuspersoner/${p.id}/decisions`, { decision: 'ACCEPT', reason: 'matrix' }).expect(200);
    const [{ id: assignee }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
    const { body: step } = await coordinator('post', `/api/v1/fokuspersoner/${p.id}/helhedsplan/steps`, {
      description: 'Matrixhandling',
      ownerAuthorityId: egedal,
      assigneeUserId: assignee,
      dueDate: due(5),
    }).expect(201);
    return { personId: p.id, stepId: step.id, egedal, reassignTo };
  }

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));

  it.each(cases.map((c) => [c.route.name, `${c.caller.role} (${c.caller.is})`, c]))('%s as %s', async (_r, _c, { route, caller }) => {
    const f = await fixture();
    await route.prepare?.(f, as);
    const requestId = uniqueName('matrix-req');
    const expected = route.expected(caller);
    const res = await route.send(api, f).set('Authorization', tokens[caller.username]).set('X-Request-Id', requestId);
    expect(res.status).toBe(expected);
    const rows: { outcome: string }[] = await db.dataSource.query(`SELECT outcome FROM access_log WHERE request_id = $1`, [requestId]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect([...new Set(rows.map((r) => r.outcome))]).toEqual([expected < 300 ? 'ALLOWED' : 'DENIED']);
  });

  it('covers every route that uses personal data outside the register, audit and meetings', () => {
    const personal = collectRoutes(api.app)
      .filter((r) => r.personalData?.uses && !/^\/api\/v1\/(meetings|forums)/.test(r.path) && !(/^\/api\/v1\/(fokuspersoner|audit)/.test(r.path) && !r.path.includes('/helhedsplan')))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(ROUTES.map((r) => r.name).sort()).toEqual(personal);
  });
});
