import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { addBusinessDays, addCalendarDays, copenhagenDate, copenhagenInstant, isoWeekStart } from '@psp/domain';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

/** Where the web app lives in this suite: not the api's own address, so a link built from the wrong setting shows. */
const WEB = 'https://web.psp.test';

/**
 * What the web app's caseworker and supervisor workspaces read from /api/v1: a step's page, the
 * task list, the supervisor's overdue, blocked, caseworker and trend views, the fora one may
 * nominate to, and the links notices carry into the web app.
 */
describe('the web app’s workspaces through /api/v1', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker;
  let person: string;
  let plan: string;
  const cpr = testCpr();
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const taskQueue = uniqueName('web-api');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue, env: { WEB_BASE_URL: WEB } });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue, webBaseUrl: WEB });
    const users = ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'leder.politi', 'leder.pch', 'sagsbehandler.pch', 'sagsbehandler.politi', 'admin', 'revisor'];
    for (const u of users) {
      tokens[u] = `Bearer ${await api.tokenFor(u)}`;
      [{ id: ids[u], display_name: names[u] }] = await db.dataSource.query(`SELECT id, display_name FROM app_user WHERE username = $1`, [u]);
    }
    for (const code of ['kommune-egedal', 'pch', 'psp-pcb', 'psp-pch']) {
      const table = code.startsWith('psp-') ? 'forum' : 'authority';
      [{ id: ids[code], name: names[code] }] = await db.dataSource.query(`SELECT id, name FROM ${table} WHERE code = $1`, [code]);
    }
    const coordinator = as('koordinator.pcb');
    const nominated = await coordinator
      .post('/api/v1/fokuspersoner', {
        forumId: ids['psp-pcb'],
        cpr: cpr.formatted,
        name: 'Vera Webside',
        criteria: { challenges: ['SUBSTANCE_ABUSE'], frequentContactWith: ['MUNICIPALITY'], reason: 'Fælles indsats nødvendig' },
      })
      .expect(201);
    person = nominated.body.id;
    await coordinator.post(`/api/v1/fokuspersoner/${person}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på mødet' }).expect(200);
    await coordinator.put(`/api/v1/fokuspersoner/${person}/lead-authority`, { authorityId: ids['kommune-egedal'], reason: 'Kommunen har forløbet' }).expect(200);
    await coordinator.put(`/api/v1/fokuspersoner/${person}/helhedsplan/goals`, { goals: ['Stabil bolig', 'Fast kontakt til psykiatrien'], change: 'Mål aftalt' }).expect(200);
    [{ id: plan }] = await db.dataSource.query(`SELECT id FROM helhedsplan WHERE fokusperson_id = $1`, [person]);
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
    await db.drop();
  });

  function as(user: string) {
    const requestId = uniqueName('web-req');
    const go = (t: request.Test) => t.set('Authorization', tokens[user]).set('X-Request-Id', requestId);
    return {
      requestId,
      get: (path: string) => go(request(api.http).get(path)),
      post: (path: string, body?: object) => go(request(api.http).post(path)).send(body),
      put: (path: string, body?: object) => go(request(api.http).put(path)).send(body),
    };
  }
  const logOf = (requestId: string): Promise<{ action: string; resource_id: string | null; fokusperson_id: string | null; outcome: string; query: string | null }[]> =>
    db.dataSource.query(`SELECT action, resource_id, fokusperson_id, outcome, query FROM access_log WHERE request_id = $1 ORDER BY seq`, [requestId]);
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} did not happen`);
  };
  const today = () => copenhagenDate(new Date());
  const inFuture = (businessDays: number) => addBusinessDays(today(), businessDays);
  const calendarDays = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  const newStep = async (description: string, dueDate = inFuture(10), assignee = 'sagsbehandler.egedal'): Promise<string> => {
    const res = await as('koordinator.pcb')
      .post(`/api/v1/fokuspersoner/${person}/helhedsplan/steps`, { description, ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids[assignee], dueDate })
      .expect(201);
    return res.body.id;
  };
  /** Moves a due date into the past, which the api refuses to do (it validates dates people set). */
  const makeOverdue = (stepId: string, days: number) => db.dataSource.query(`UPDATE step SET due_date = $2 WHERE id = $1`, [stepId, addCalendarDays(today(), -days)]);

  describe('GET /api/v1/steps/{id}', () => {
    let stepId: string;

    beforeAll(async () => {
      stepId = await newStep('Skaffe en bostøtteperson');
    });

    it('gives the step’s page the person (no CPR), goals, forum, owner, assignee, an empty history and the assignee’s actions', async () => {
      const caller = as('sagsbehandler.egedal');
      const { body } = await caller.get(`/api/v1/steps/${stepId}`).expect(200);
      expect(body).toMatchObject({
        id: stepId,
        status: 'ASSIGNED',
        description: 'Skaffe en bostøtteperson',
        fokusperson: { id: person, name: 'Vera Webside', leadAuthority: { id: ids['kommune-egedal'], name: names['kommune-egedal'] } },
        goals: ['Stabil bolig', 'Fast kontakt til psykiatrien'],
        forum: { id: ids['psp-pcb'], name: names['psp-pcb'] },
        ownerAuthority: { id: ids['kommune-egedal'], name: names['kommune-egedal'] },
        assignee: { id: ids['sagsbehandler.egedal'], displayName: names['sagsbehandler.egedal'] },
        history: [],
        allowedActions: ['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK'],
      });
      expect(Object.keys(body.fokusperson).sort()).toEqual(['id', 'leadAuthority', 'name']);
      expect(JSON.stringify(body)).not.toContain(cpr.digits.slice(0, 6));
      // One READ of the step, for the person shown.
      expect(await logOf(caller.requestId)).toEqual([{ action: 'READ', resource_id: stepId, fokusperson_id: person, outcome: 'ALLOWED', query: null }]);
    });

    it('offers each caller only what their relation to the step allows', async () => {
      expect((await as('leder.egedal').get(`/api/v1/steps/${stepId}`).expect(200)).body.allowedActions).toEqual(['REASSIGN', 'CHANGE_DUE_DATE']);
      expect((await as('koordinator.pcb').get(`/api/v1/steps/${stepId}`).expect(200)).body.allowedActions).toEqual(['CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
      await as('leder.pch').get(`/api/v1/steps/${stepId}`).expect(404);
    });

    it('keeps the history oldest first with who did what, and follows the status with the allowed actions', async () => {
      const assignee = as('sagsbehandler.egedal');
      const acknowledged = await assignee.post(`/api/v1/steps/${stepId}/acknowledge`).expect(200);
      expect(acknowledged.body.allowedActions).toEqual(['START', 'COMPLETE', 'BLOCK']);
      const blocked = await assignee.post(`/api/v1/steps/${stepId}/block`, { reason: 'WAITING_ON_OTHER_AUTHORITY', text: 'Venter på svar fra PCB' }).expect(200);
      expect(blocked.body.allowedActions).toEqual(['RESUME']);
      // What is not offered is refused.
      await assignee.post(`/api/v1/steps/${stepId}/start`).expect(409);
      await assignee.post(`/api/v1/steps/${stepId}/reassign`, { assigneeUserId: ids['leder.egedal'], reason: 'ferie' }).expect(403);

      const { body } = await as('leder.egedal').get(`/api/v1/steps/${stepId}`).expect(200);
      const actor = { id: ids['sagsbehandler.egedal'], displayName: names['sagsbehandler.egedal'] };
      expect(body.history).toEqual([
        { at: expect.any(String), action: 'ACKNOWLEDGE', fromStatus: 'ASSIGNED', toStatus: 'ACKNOWLEDGED', reason: null, actor },
        { at: expect.any(String), action: 'BLOCK', fromStatus: 'ACKNOWLEDGED', toStatus: 'BLOCKED', reason: null, actor },
      ]);
      expect(Date.parse(body.history[0].at)).toBeLessThanOrEqual(Date.parse(body.history[1].at));
      expect(body.allowedActions).toEqual(['REASSIGN', 'CHANGE_DUE_DATE']);
      expect(body.note).toBe('Venter på svar fra PCB');

      await assignee.post(`/api/v1/steps/${stepId}/resume`).expect(200);
      const done = await assignee.post(`/api/v1/steps/${stepId}/complete`, { outcome: 'Bostøtte bevilget' }).expect(200);
      expect(done.body).toMatchObject({ status: 'DONE', allowedActions: [] });
      expect(done.body.history.map((h: { action: string }) => h.action)).toEqual(['ACKNOWLEDGE', 'BLOCK', 'RESUME', 'COMPLETE']);
      expect((await as('koordinator.pcb').get(`/api/v1/steps/${stepId}`).expect(200)).body.allowedActions).toEqual([]);
    });

    it('returns the same view when a coordinator adds a step', async () => {
      const res = await as('koordinator.pcb')
        .post(`/api/v1/fokuspersoner/${person}/helhedsplan/steps`, { description: 'Ny handling', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(5) })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'ASSIGNED',
        fokusperson: { id: person, name: 'Vera Webside' },
        assignee: { id: ids['sagsbehandler.egedal'] },
        history: [],
        allowedActions: ['CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE'],
      });
      await as('koordinator.pcb').post(`/api/v1/steps/${res.body.id}/cancel`, { reason: 'Kun en prøve' }).expect(200);
    });
  });

  describe('tasks and oversight', () => {
    let late: string;
    let soon: string;
    let blocked: string;

    beforeAll(async () => {
      late = await newStep('Følge op på udeblivelse');
      await makeOverdue(late, 3);
      soon = await newStep('Aftale møde med pårørende', inFuture(2));
      blocked = await newStep('Afklare botilbud', inFuture(4));
      await as('sagsbehandler.egedal').post(`/api/v1/steps/${blocked}/block`, { reason: 'NOT_POSSIBLE', text: 'Borgeren er indlagt' }).expect(200);
    });

    it('GET /api/v1/me/tasks tells days overdue (negative: days left) and why a step is blocked', async () => {
      const caller = as('sagsbehandler.egedal');
      const { body } = await caller.get('/api/v1/me/tasks').expect(200);
      const task = (id: string) => body.find((t: { stepId: string }) => t.stepId === id);
      expect(task(late)).toMatchObject({ overdue: true, daysOverdue: 3, blockReason: null, fokusperson: { id: person, name: 'Vera Webside' } });
      expect(task(soon)).toMatchObject({ overdue: false, daysOverdue: -calendarDays(today(), inFuture(2)), blockReason: null });
      expect(task(blocked)).toMatchObject({ status: 'BLOCKED', overdue: false, blockReason: 'NOT_POSSIBLE' });
      const log = await logOf(caller.requestId);
      expect(log.filter((r) => r.action === 'READ').map((r) => r.resource_id).sort()).toEqual(body.map((t: { stepId: string }) => t.stepId).sort());
    });

    it('GET /api/v1/oversight/overdue shows description, person and forum, grouped by assignee as before', async () => {
      const caller = as('leder.egedal');
      const { body } = await caller.get('/api/v1/oversight/overdue?soonDays=5').expect(200);
      const group = body.find((g: { assignee: { id: string } }) => g.assignee.id === ids['sagsbehandler.egedal']);
      expect(group.assignee).toEqual({ id: ids['sagsbehandler.egedal'], displayName: names['sagsbehandler.egedal'] });
      const step = group.steps.find((s: { stepId: string }) => s.stepId === late);
      expect(step).toEqual({
        stepId: late,
        fokuspersonId: person,
        description: 'Følge op på udeblivelse',
        fokusperson: { id: person, name: 'Vera Webside' },
        forum: { id: ids['psp-pcb'], name: names['psp-pcb'] },
        dueDate: addCalendarDays(today(), -3),
        status: 'ASSIGNED',
        daysOverdue: 3,
      });
      expect(group.steps.map((s: { stepId: string }) => s.stepId)).toContain(soon);
      expect(group.steps.map((s: { stepId: string }) => s.stepId)).not.toContain(blocked);
      const shown = body.flatMap((g: { steps: { stepId: string }[] }) => g.steps.map((s) => s.stepId)).sort();
      const log = await logOf(caller.requestId);
      expect(log.filter((r) => r.action === 'SEARCH')).toHaveLength(1);
      expect(log.filter((r) => r.action === 'READ').map((r) => r.resource_id).sort()).toEqual(shown);
    });

    it('GET /api/v1/oversight/blocked lists the authority’s blocked steps with reason, text and since when, logged per step', async () => {
      const caller = as('leder.egedal');
      const { body } = await caller.get('/api/v1/oversight/blocked').expect(200);
      const [{ at: blockedAt }] = await db.dataSource.query(`SELECT at FROM step_event WHERE step_id = $1 AND action = 'BLOCK'`, [blocked]);
      expect(body).toEqual([
        {
          stepId: blocked,
          description: 'Afklare botilbud',
          blockReason: 'NOT_POSSIBLE',
          blockText: 'Borgeren er indlagt',
          blockedAt: new Date(blockedAt).toISOString(),
          assignee: { id: ids['sagsbehandler.egedal'], displayName: names['sagsbehandler.egedal'] },
          fokusperson: { id: person, name: 'Vera Webside' },
          forum: { id: ids['psp-pcb'], name: names['psp-pcb'] },
          dueDate: inFuture(4),
        },
      ]);
      expect(await logOf(caller.requestId)).toEqual([
        { action: 'SEARCH', resource_id: null, fokusperson_id: null, outcome: 'ALLOWED', query: `owner=${ids['kommune-egedal']};status=BLOCKED` },
        { action: 'READ', resource_id: blocked, fokusperson_id: person, outcome: 'ALLOWED', query: null },
      ]);
      // Another authority's supervisor sees none of them; a caseworker may not ask.
      await as('leder.politi').get('/api/v1/oversight/blocked').expect(200, []);
      await as('sagsbehandler.egedal').get('/api/v1/oversight/blocked').expect(403);
    });

    it('GET /api/v1/oversight/caseworkers lists who in the own authority can take a step, in Danish name order, unlogged', async () => {
      const egedal = ids['kommune-egedal'];
      await db.dataSource.query(
        `INSERT INTO app_user (username, display_name, email, authority_id, roles, active) VALUES
           ('aase.egedal', 'Åse Åberg', 'aase@egedal.example', $1, '{CASEWORKER}', true),
           ('tidligere.egedal', 'Bo Tidligere', 'bo@egedal.example', $1, '{CASEWORKER}', false),
           ('koordinator.egedal', 'Carl Koordinator', 'carl@egedal.example', $1, '{COORDINATOR}', true)`,
        [egedal],
      );
      const caller = as('leder.egedal');
      const { body } = await caller.get('/api/v1/oversight/caseworkers').expect(200);
      const [{ id: aase }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'aase.egedal'`);
      // Danish order puts Å last, after Z.
      expect(body).toEqual([
        { id: ids['leder.egedal'], displayName: names['leder.egedal'] },
        { id: ids['sagsbehandler.egedal'], displayName: names['sagsbehandler.egedal'] },
        { id: aase, displayName: 'Åse Åberg' },
      ]);
      expect(await logOf(caller.requestId)).toEqual([]);
      expect((await as('leder.pch').get('/api/v1/oversight/caseworkers').expect(200)).body.map((u: { id: string }) => u.id).sort()).toEqual(
        [ids['leder.pch'], ids['sagsbehandler.pch']].sort(),
      );
      await as('sagsbehandler.egedal').get('/api/v1/oversight/caseworkers').expect(403);
    });
  });

  describe('GET /api/v1/oversight/trend', () => {
    // Steps owned by PCH, which nothing else in this suite gives a step, with a history written
    // into past weeks. W0 is the current ISO week, W1 the one before, and so on.
    const monday = (weeksAgo: number) => addCalendarDays(isoWeekStart(today()), -7 * weeksAgo);
    const at = (weeksAgo: number, weekday: number, hour = 12) => copenhagenInstant(addCalendarDays(monday(weeksAgo), weekday), hour);
    const day = (weeksAgo: number, weekday: number) => addCalendarDays(monday(weeksAgo), weekday);
    const TUE = 1, WED = 2, THU = 3, FRI = 4, SUN = 6;

    beforeAll(async () => {
      const step = async (createdAt: Date, dueDate: string, status: string, blockReason: string | null, events: [Date, string, string, string][]) => {
        const id = randomUUID();
        await db.dataSource.query(
          `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, block_reason, assigned_at, created_at)
           VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $9)`,
          [id, plan, person, ids['pch'], ids['sagsbehandler.pch'], dueDate, status, blockReason, createdAt],
        );
        for (const [when, action, from, to] of events) {
          await db.dataSource.query(
            `INSERT INTO step_event (step_id, idempotency_key, at, actor_user_id, action, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [id, `test:${randomUUID()}`, when, ids['sagsbehandler.pch'], action, from, to],
          );
        }
      };
      // A: open throughout, overdue from its first week.
      await step(at(3, TUE), day(3, WED), 'ASSIGNED', null, []);
      // B: done in W2, never late.
      await step(at(3, TUE), inFuture(30), 'DONE', null, [[at(2, WED), 'COMPLETE', 'ASSIGNED', 'DONE']]);
      // C: created in W2 and blocked before its due date passed; resumed in W1, late since.
      await step(at(2, TUE), day(2, THU), 'IN_PROGRESS', null, [
        [at(2, WED), 'BLOCK', 'ASSIGNED', 'BLOCKED'],
        [at(1, WED), 'RESUME', 'BLOCKED', 'IN_PROGRESS'],
      ]);
      // D: late in W3, blocked early in W2 and still blocked: the history, not today's status, decides W3.
      await step(at(3, TUE), day(3, WED), 'BLOCKED', 'NOT_POSSIBLE', [[at(2, 0, 8), 'BLOCK', 'ASSIGNED', 'BLOCKED']]);
      // E: created this week, due later.
      await step(new Date(), inFuture(20), 'ASSIGNED', null, []);
      // F: cancelled within its first week: never open at a week's end.
      await step(at(3, TUE), inFuture(30), 'CANCELLED', null, [[at(3, THU), 'CANCEL', 'ASSIGNED', 'CANCELLED']]);
      // G: due last Sunday: on time at the end of W1, late now.
      await step(at(3, TUE), day(1, SUN), 'ACKNOWLEDGED', null, [[at(3, FRI), 'ACKNOWLEDGE', 'ASSIGNED', 'ACKNOWLEDGED']]);
    });

    it('counts the open and overdue steps at the end of each week, oldest first, now for this week', async () => {
      const caller = as('leder.pch');
      const { body } = await caller.get('/api/v1/oversight/trend?weeks=4').expect(200);
      expect(body).toEqual([
        { weekStart: monday(3), open: 4, overdue: 2 }, // A, B, D, G open; A and D late
        { weekStart: monday(2), open: 4, overdue: 1 }, // A, C, D, G open; C and D blocked
        { weekStart: monday(1), open: 4, overdue: 2 }, // C resumed and late
        { weekStart: monday(0), open: 5, overdue: 3 }, // E added; G's due date has passed
      ]);
      // Counts only: nothing about a person is used, so nothing is logged.
      expect(await logOf(caller.requestId)).toEqual([]);
    });

    it('defaults to 12 weeks, refuses other ranges than 1-52, and is for supervisors of their own authority', async () => {
      const { body } = await as('leder.pch').get('/api/v1/oversight/trend').expect(200);
      expect(body).toHaveLength(12);
      expect(body[0]).toEqual({ weekStart: monday(11), open: 0, overdue: 0 });
      expect(body[11].weekStart).toBe(monday(0));
      for (const bad of ['0', '53', 'x']) {
        const res = await as('leder.pch').get(`/api/v1/oversight/trend?weeks=${bad}`).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/weeks/);
      }
      expect((await as('leder.politi').get('/api/v1/oversight/trend?weeks=4').expect(200)).body.every((w: { open: number }) => w.open === 0)).toBe(true);
      await as('sagsbehandler.pch').get('/api/v1/oversight/trend').expect(403);
    });
  });

  describe('GET /api/v1/me/nomination-fora', () => {
    it('offers the active fora the caller’s authority is a member of, which are where nominating succeeds', async () => {
      const fora = async (user: string) => (await as(user).get('/api/v1/me/nomination-fora').expect(200)).body;
      const pcb = { id: ids['psp-pcb'], name: names['psp-pcb'] };
      const pch = { id: ids['psp-pch'], name: names['psp-pch'] };
      expect(await fora('sagsbehandler.egedal')).toEqual([pcb]);
      expect(await fora('leder.pch')).toEqual([pch]);
      expect(await fora('leder.politi')).toEqual([pcb, pch].sort((a, b) => a.name.localeCompare(b.name)));
      expect(await fora('koordinator.pcb')).toEqual([pcb]);

      // A deactivated forum is not offered.
      const [{ id: closed }] = await db.dataSource.query(`INSERT INTO forum (code, name, active) VALUES ('psp-lukket', 'PSP Lukket', false) RETURNING id`);
      await db.dataSource.query(`INSERT INTO forum_authority (forum_id, authority_id) VALUES ($1, $2)`, [closed, ids['kommune-egedal']]);
      expect(await fora('sagsbehandler.egedal')).toEqual([pcb]);

      // The same rule as nominating: offered here, accepted there; not offered, refused.
      const nominate = (forumId: string) =>
        as('sagsbehandler.egedal').post('/api/v1/fokuspersoner', {
          forumId,
          cpr: testCpr().formatted,
          name: 'Ny Indstilling',
          criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Bekymring for borgeren' },
        });
      await nominate(pcb.id).expect(201);
      await nominate(pch.id).expect(403);

      await as('admin').get('/api/v1/me/nomination-fora').expect(403);
      await as('revisor').get('/api/v1/me/nomination-fora').expect(403);
    });
  });

  describe('links into the web app', () => {
    it('sends the step notice with a link to the step’s page: <webBaseUrl>/opgaver/<stepId>', async () => {
      const stepId = await newStep('Kontakte egen læge');
      const inbox = async () =>
        ((await as('sagsbehandler.egedal').get('/api/v1/me/notifications').expect(200)).body as { kind: string; link: string | null; body: string }[]).filter(
          (n) => n.kind === 'STEP_ASSIGNED' && n.link?.endsWith(stepId),
        );
      await until('the assignment notice', async () => (await inbox()).length === 1);
      const [notice] = await inbox();
      expect(notice.link).toBe(`${WEB}/opgaver/${stepId}`);
      expect(notice.body).toContain(`${WEB}/opgaver/${stepId}`);
    });
  });
});
