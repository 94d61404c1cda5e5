import { randomUUID } from 'node:crypto';
import { addCalendarDays, copenhagenInstant, isoWeekStart } from '@psp/domain';
import type { TestDatabase } from './support/services';
import { useWorkspaces } from './support/web-workspaces';

/**
 * What the web app's caseworker and supervisor workspaces read from /api/v1: the task list and
 * the supervisor's overdue, blocked, caseworker and trend views (a step's page, the fora and the
 * links: web-api.test.ts).
 */
describe('the web app’s workspaces through /api/v1', () => {
  let db: TestDatabase, person: string, plan: string;
  const { ids, names, as, logOf, namedIn, today, inFuture, calendarDays, newStep, makeOverdue } = useWorkspaces((s) => ({ db, person, plan } = s));

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
      // One use: the search, naming each person whose step is shown.
      const shownPersons = [...new Set(body.map((t: { fokusperson: { id: string } }) => t.fokusperson.id))].sort();
      expect(await namedIn(caller.requestId)).toEqual([{ action: 'SEARCH', persons: shownPersons }]);
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
      const shownPersons = [...new Set(body.flatMap((g: { steps: { fokuspersonId: string }[] }) => g.steps.map((s) => s.fokuspersonId)))].sort();
      expect(await namedIn(caller.requestId)).toEqual([{ action: 'SEARCH', persons: shownPersons }]);
    });

    it('GET /api/v1/oversight/blocked lists the authority’s blocked steps with reason, text and since when, logged as one search naming their persons', async () => {
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
        { action: 'SEARCH', resource_id: null, fokusperson_id: person, outcome: 'ALLOWED', query: `owner=${ids['kommune-egedal']};status=BLOCKED` },
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
});
