import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { collectRoutes } from './support/routes';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

/**
 * The meeting routes that show or change citizens' data × every role × scope: only the forum's
 * coordinators prepare the case list and decide the minutes; a coordinator of another forum may
 * not learn the meeting exists (404). Each decision is in the log under the request's id. And the
 * routes that show when a forum meets (no personal data): its members, and the caseworkers and
 * supervisors of its member authorities without being members (issue 14; they had 404 before).
 */
interface Caller {
  username: string;
  role: string;
  is: 'forum coordinator' | 'other forum coordinator' | 'caseworker' | 'supervisor' | 'other authority caseworker' | 'admin' | 'auditor';
}

const CALLERS: Caller[] = [
  { username: 'admin', role: 'ADMIN', is: 'admin' },
  { username: 'revisor', role: 'AUDITOR', is: 'auditor' },
  { username: 'koordinator.pcb', role: 'COORDINATOR', is: 'forum coordinator' },
  { username: 'koordinator.hilleroed', role: 'COORDINATOR', is: 'other forum coordinator' },
  { username: 'sagsbehandler.egedal', role: 'CASEWORKER', is: 'caseworker' },
  { username: 'leder.egedal', role: 'SUPERVISOR', is: 'supervisor' },
  { username: 'sagsbehandler.hilleroed', role: 'CASEWORKER', is: 'other authority caseworker' },
];

interface Fixture {
  forumId: string;
  meetingId: string;
  itemIds: string[];
  otherPersonId: string;
}
type As = (method: 'get' | 'post' | 'put', path: string, body?: object) => request.Test;
interface Route {
  name: string;
  prepare?: (f: Fixture, coordinator: As, db: TestDatabase) => Promise<unknown>;
  send: (api: TestApi, f: Fixture) => request.Test;
  ok?: number;
}

const lock = (f: Fixture, coordinator: As) => coordinator('post', `/api/v1/meetings/${f.meetingId}/lock`).expect(200);

const ROUTES: Route[] = [
  { name: 'GET /api/v1/meetings/:id/agenda', send: (api, f) => request(api.http).get(`/api/v1/meetings/${f.meetingId}/agenda`) },
  {
    name: 'POST /api/v1/meetings/:id/agenda/items',
    send: (api, f) => request(api.http).post(`/api/v1/meetings/${f.meetingId}/agenda/items`).send({ fokuspersonId: f.otherPersonId }),
    ok: 201,
  },
  { name: 'DELETE /api/v1/meetings/:id/agenda/items/:itemId', send: (api, f) => request(api.http).delete(`/api/v1/meetings/${f.meetingId}/agenda/items/${f.itemIds[0]}`) },
  { name: 'PUT /api/v1/meetings/:id/agenda/order', send: (api, f) => request(api.http).put(`/api/v1/meetings/${f.meetingId}/agenda/order`).send({ itemIds: [...f.itemIds].reverse() }) },
  { name: 'GET /api/v1/meetings/:id/agenda.pdf', send: (api, f) => request(api.http).get(`/api/v1/meetings/${f.meetingId}/agenda.pdf`) },
  { name: 'GET /api/v1/meetings/:id/minutes', send: (api, f) => request(api.http).get(`/api/v1/meetings/${f.meetingId}/minutes`) },
  {
    name: 'PUT /api/v1/meetings/:id/minutes',
    prepare: lock,
    send: (api, f) => request(api.http).put(`/api/v1/meetings/${f.meetingId}/minutes`).send({ attendance: [], items: [] }),
  },
  {
    name: 'POST /api/v1/meetings/:id/minutes/approve',
    // Locked, and (time passes) the meeting has begun.
    prepare: async (f, coordinator, db) => {
      await lock(f, coordinator);
      await db.dataSource.query(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1`, [f.meetingId]);
    },
    send: (api, f) => request(api.http).post(`/api/v1/meetings/${f.meetingId}/minutes/approve`),
  },
  { name: 'GET /api/v1/meetings/:id/minutes.pdf', send: (api, f) => request(api.http).get(`/api/v1/meetings/${f.meetingId}/minutes.pdf`) },
  { name: 'GET /api/v1/meetings/:id/minutes/approval-preview', send: (api, f) => request(api.http).get(`/api/v1/meetings/${f.meetingId}/minutes/approval-preview`) },
  { name: 'GET /api/v1/forums/:forumId/overview', send: (api, f) => request(api.http).get(`/api/v1/forums/${f.forumId}/overview`) },
];

const expected = (c: Caller, ok: number) => (c.role !== 'COORDINATOR' ? 403 : c.is === 'forum coordinator' ? ok : 404);

/** The routes that show when the forum meets: dates, place, status, the invite; no case list. */
const VIEW_ROUTES: { name: string; path: (forumId: string, meetingId: string) => string; membersOnly?: true }[] = [
  { name: 'GET /api/v1/forums/:forumId/schedule', path: (forumId) => `/api/v1/forums/${forumId}/schedule` },
  // The forum's settings stay its members' (SETTINGS): staff of a member authority who are not members get 404.
  { name: 'GET /api/v1/forums/:forumId/reminder-policy', path: (forumId) => `/api/v1/forums/${forumId}/reminder-policy`, membersOnly: true },
  { name: 'GET /api/v1/forums/:forumId/meetings', path: (forumId) => `/api/v1/forums/${forumId}/meetings` },
  { name: 'GET /api/v1/meetings/:id', path: (_f, meetingId) => `/api/v1/meetings/${meetingId}` },
  { name: 'GET /api/v1/meetings/:id/invite.ics', path: (_f, meetingId) => `/api/v1/meetings/${meetingId}/invite.ics` },
];
// Administrators and auditors lack the role (403); the forum's coordinator and the staff of its
// member authorities see it; a coordinator of another forum, or staff of another authority, may not learn it (404).
const expectedView = (c: Caller, membersOnly = false) =>
  c.role === 'ADMIN' || c.role === 'AUDITOR' ? 403 : (membersOnly ? ['forum coordinator'] : ['forum coordinator', 'caseworker', 'supervisor']).includes(c.is) ? 200 : 404;

describe('authorization matrix: meeting case lists and minutes', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker;
  let forumId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const taskQueue = uniqueName('matrix-meetings');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    for (const c of CALLERS) tokens[c.username] = `Bearer ${await api.tokenFor(c.username)}`;
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
    await db.drop();
  });

  const coordinator: As = (method, path, body) => request(api.http)[method](path).set('Authorization', tokens['koordinator.pcb']).send(body);

  async function fixture(): Promise<Fixture> {
    const nominate = async () =>
      (
        await coordinator('post', '/api/v1/fokuspersoner', {
          forumId,
          cpr: testCpr().formatted,
          name: 'Matrix Møde',
          criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Matrixtest af møder' },
        }).expect(201)
      ).body.id as string;
    await nominate();
    const otherPersonId = await nominate();
    // In 10 days: the agenda's own lock (7 days before) is not due, so the meeting workflow cannot
    // lock it while a case runs (3 days ahead, it did so at once and raced the explicit lock).
    const { body: meeting } = await coordinator('post', `/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201);
    const { body: agenda } = await coordinator('get', `/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    // The second person is taken off, so adding them back is a change.
    const other = agenda.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === otherPersonId);
    await request(api.http).delete(`/api/v1/meetings/${meeting.id}/agenda/items/${other.itemId}`).set('Authorization', tokens['koordinator.pcb']).expect(200);
    const itemIds = agenda.items.filter((i: { itemId: string }) => i.itemId !== other.itemId).map((i: { itemId: string }) => i.itemId);
    return { forumId, meetingId: meeting.id, itemIds, otherPersonId };
  }

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));

  it.each(cases.map((c) => [c.route.name, `${c.caller.role} (${c.caller.is})`, c]))('%s as %s', async (_r, _c, { route, caller }) => {
    const f = await fixture();
    await route.prepare?.(f, coordinator, db);
    const requestId = uniqueName('matrix-req');
    const want = expected(caller, route.ok ?? 200);
    const res = await route.send(api, f).set('Authorization', tokens[caller.username]).set('X-Request-Id', requestId);
    expect(res.status).toBe(want);
    const rows: { outcome: string }[] = await db.dataSource.query(`SELECT outcome FROM access_log WHERE request_id = $1`, [requestId]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect([...new Set(rows.map((r) => r.outcome))]).toEqual([want < 300 ? 'ALLOWED' : 'DENIED']);
  });

  it.each(VIEW_ROUTES.flatMap((route) => CALLERS.map((caller) => [route.name, `${caller.role} (${caller.is})`, route, caller] as const)))(
    '%s as %s',
    async (_r, _c, route, caller) => {
      const { body: meeting } = await coordinator('post', `/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201);
      const res = await request(api.http).get(route.path(forumId, meeting.id)).set('Authorization', tokens[caller.username]);
      expect(res.status).toBe(expectedView(caller, route.membersOnly));
    },
  );

  it('covers every meeting route that uses personal data', () => {
    const personal = collectRoutes(api.app)
      .filter((r) => r.personalData?.uses && /^\/api\/v1\/(meetings|forums)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(ROUTES.map((r) => r.name).sort()).toEqual(personal);
  });

  it('covers every meeting route that shows caseworkers when their forum meets', () => {
    const views = collectRoutes(api.app)
      .filter((r) => /^\/api\/v1\/(meetings|forums)/.test(r.path) && r.access && !r.access.public && r.access.roles.includes('CASEWORKER'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(VIEW_ROUTES.map((r) => r.name).sort()).toEqual(views);
  });
});
