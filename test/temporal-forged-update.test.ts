import { addBusinessDays } from '@psp/domain';
import { stepChanged, stepState, stepWorkflowId } from '@psp/workflow-contracts';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { testCpr } from './support/cpr';
import { usePrivacyStack } from './support/forum-stack';
import type { TestDatabase } from './support/services';

/**
 * A change sent to a step straight through Temporal, with any actor it likes, must not change the
 * step or reach the access log: the database owns the step, and its workflow takes no change, only
 * the signal to re-read it (docs/architecture.md, "Records with timers"; what Temporal holds:
 * temporal-privacy.test.ts).
 */
describe('Temporal holds no readable data and cannot forge an actor', () => {
  let db: TestDatabase, temporal: Client, outsider: Client;
  const { ids, as, coordinator, until, count, nominate, today } = usePrivacyStack((s) => ({ db, temporal, outsider } = s));

  describe('(b) a change sent straight to a step through Temporal', () => {
    let stepId: string;
    let personId: string;
    const stepRow = async () => (await db.dataSource.query(`SELECT status, assignee_user_id, version FROM step WHERE id = $1`, [stepId]))[0];
    /** The changes logged (each request through the api also logs reading the step it answers with). */
    const logRows = () => count(`SELECT count(*) AS n FROM access_log WHERE resource_type = 'Step' AND resource_id = $1 AND action = 'UPDATE'`, [stepId]);
    const events = () => count(`SELECT count(*) AS n FROM step_event WHERE step_id = $1`, [stepId]);
    const notices = () => count(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(stepId)}:%`]);
    /** A forged change: the shape the api once sent through Temporal, an actor of the attacker's choosing. */
    const forged = {
      action: 'REASSIGN',
      assigneeUserId: ids['leder.egedal'],
      actor: { userId: ids['koordinator.pcb'], username: 'koordinator.pcb', authorityId: ids['kommune-egedal'], roles: ['COORDINATOR'] },
      purpose: 'PSP_COORDINATION',
      requestId: 'forged-request',
      clientAddress: '10.66.6.6',
      signature: 'c2lnbmVk',
    };

    beforeAll(async () => {
      personId = await nominate('Frida Forfalsket', testCpr().formatted);
      await coordinator.post(`/api/v1/fokuspersoner/${personId}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på mødet' }).expect(200);
      const { body } = await coordinator
        .post(`/api/v1/fokuspersoner/${personId}/helhedsplan/steps`, { description: 'Kontakt til misbrugsbehandling', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: addBusinessDays(today(), 10) })
        .expect(201);
      stepId = body.id;
      await until('the assignment notice', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(stepId)}:assigned-%`])) === 1);
    });

    it('is refused, writing no access-log row and changing no step, however it is forged', async () => {
      const before = { step: await stepRow(), log: await logRows(), events: await events(), notices: await notices() };
      const handle = temporal.workflow.getHandle(stepWorkflowId(stepId));
      /** Local activities the workflow has run (each re-read of the step is one). */
      const reads = async () => (await handle.fetchHistory()).events!.filter((e) => e.markerRecordedEventAttributes).length;
      const readsBefore = await reads();
      // As an Update (what the api once sent), through a client with the payload key and from an outsider without any key.
      for (const client of [temporal, outsider]) {
        const sent = client.workflow.getHandle(stepWorkflowId(stepId)).executeUpdate('act', { args: [forged] });
        await expect(sent).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      }
      // As the signal the api sends, carrying a change: the workflow only re-reads the step.
      for (const client of [temporal, outsider]) {
        await client.workflow.getHandle(stepWorkflowId(stepId)).signal(stepChanged.name, forged);
      }
      await until('the workflow has re-read the step', async () => (await reads()) > readsBefore);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(await handle.query(stepState)).toMatchObject({ status: 'ASSIGNED', assigneeUserId: ids['sagsbehandler.egedal'] });
      expect({ step: await stepRow(), log: await logRows(), events: await events(), notices: await notices() }).toEqual(before);
    });

    it('leaves the workflow working: the api’s own change goes through and is logged once', async () => {
      const before = await logRows();
      await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/acknowledge`).expect(200);
      expect(await logRows()).toBe(before + 1);
      const [row] = await db.dataSource.query(`SELECT actor_username, action, detail FROM access_log WHERE resource_type = 'Step' AND resource_id = $1 AND action = 'UPDATE' ORDER BY seq DESC LIMIT 1`, [stepId]);
      expect(row).toEqual({ actor_username: 'sagsbehandler.egedal', action: 'UPDATE', detail: 'ACKNOWLEDGE: ASSIGNED -> ACKNOWLEDGED' });
      expect((await stepRow()).status).toBe('ACKNOWLEDGED');
    });
  });
});
