import type { TestDatabase } from './support/services';
import { testCpr } from './support/cpr';
import { useWorkspaces, WEB } from './support/web-workspaces';

/**
 * What the web app's caseworker workspace reads from /api/v1: a step's page, the fora one may
 * nominate to, and the links notices carry into the web app (the task list and the supervisor's
 * views: web-api-oversight.test.ts).
 */
describe('the web app’s workspaces through /api/v1', () => {
  let db: TestDatabase, person: string;
  const { cpr, ids, names, as, logOf, until, inFuture, newStep } = useWorkspaces((s) => ({ db, person } = s));

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
