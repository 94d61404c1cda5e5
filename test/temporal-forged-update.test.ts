import { randomBytes, randomUUID } from 'node:crypto';
import { addBusinessDays, STEP_UPDATE, stepWorkflowId, type StepActionRequest } from '@psp/domain';
import { StepActionSigner, type UnsignedStepActionRequest } from '@psp/persistence';
import { ApplicationFailure, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { testCpr } from './support/cpr';
import { usePrivacyStack } from './support/forum-stack';
import type { TestDatabase } from './support/services';
import { signedStepUpdate } from './support/temporal';

/**
 * An Update sent to a step straight through Temporal, with any actor it likes, must not reach the
 * access log (docs/architecture.md; what Temporal holds: temporal-privacy.test.ts).
 */
describe('Temporal holds no readable data and cannot forge an actor', () => {
  let db: TestDatabase, temporal: Client, outsider: Client;
  const { ids, as, coordinator, until, count, nominate, today } = usePrivacyStack((s) => ({ db, temporal, outsider } = s));

  describe('(b) an Update sent straight to a step through Temporal', () => {
    let stepId: string;
    let personId: string;
    const stepState = async () => (await db.dataSource.query(`SELECT status, assignee_user_id, version FROM step WHERE id = $1`, [stepId]))[0];
    /** The changes logged (each request through the api also logs reading the step it answers with). */
    const logRows = () => count(`SELECT count(*) AS n FROM access_log WHERE resource_type = 'Step' AND resource_id = $1 AND action = 'UPDATE'`, [stepId]);
    const events = () => count(`SELECT count(*) AS n FROM step_event WHERE step_id = $1`, [stepId]);
    /** A forged change: the shape the api sends, an actor of the attacker's choosing. */
    const forged = (over: Partial<StepActionRequest> = {}): UnsignedStepActionRequest => ({
      action: 'REASSIGN',
      assigneeUserId: ids['leder.egedal'],
      actor: { userId: ids['koordinator.pcb'], username: 'koordinator.pcb', authorityId: ids['kommune-egedal'], roles: ['COORDINATOR'] },
      purpose: 'PSP_COORDINATION',
      requestId: 'forged-request',
      clientAddress: '10.66.6.6',
      ...over,
    });
    /** The type of the application failure that refused an Update (validator or activity). */
    async function refusal(sent: Promise<unknown>): Promise<string | undefined> {
      const err = await sent.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      let cause: unknown = (err as Error).cause;
      while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
      return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
    }

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
      const before = { step: await stepState(), log: await logRows(), events: await events() };
      const handle = temporal.workflow.getHandle(stepWorkflowId(stepId));
      const updateId = randomUUID();
      const otherStep = randomUUID();
      const attempts: [string, Promise<unknown>, string][] = [
        // Without a signature, through a client with the payload key (someone who has that key but not the signing key).
        ['unsigned', handle.executeUpdate(STEP_UPDATE, { args: [forged()] }), 'AccessDeniedError'],
        // The same from an outsider without any key: a plain JSON payload.
        ['unsigned, plain payload', outsider.workflow.getHandle(stepWorkflowId(stepId)).executeUpdate(STEP_UPDATE, { args: [forged()] }), 'AccessDeniedError'],
        // A signature made with another key.
        ['wrong key', handle.executeUpdate(STEP_UPDATE, { args: [new StepActionSigner(randomBytes(32)).sign(stepId, updateId, forged())], updateId }), 'AccessDeniedError'],
        // A signature that is not one at all.
        ['garbage signature', handle.executeUpdate(STEP_UPDATE, { args: [{ ...forged(), signature: 'c2lnbmVk' }] }), 'AccessDeniedError'],
      ];
      // The api's real signature, but for another step, or for another Update of this one, or with a field changed afterwards.
      const forOther = signedStepUpdate(otherStep, forged());
      attempts.push(['signed for another step', handle.executeUpdate(STEP_UPDATE, forOther), 'AccessDeniedError']);
      const genuine = signedStepUpdate(stepId, forged());
      attempts.push(['signed for another Update', handle.executeUpdate(STEP_UPDATE, { args: genuine.args, updateId: randomUUID() }), 'AccessDeniedError']);
      attempts.push([
        'actor changed after signing',
        handle.executeUpdate(STEP_UPDATE, { args: [{ ...genuine.args[0], actor: { ...genuine.args[0].actor, userId: ids['leder.egedal'], username: 'leder.egedal' } }], updateId: genuine.updateId }),
        'AccessDeniedError',
      ]);
      for (const [what, sent, expected] of attempts) {
        expect({ what, refusedAs: await refusal(sent) }).toEqual({ what, refusedAs: expected });
      }
      expect({ step: await stepState(), log: await logRows(), events: await events() }).toEqual(before);
    });

    it('is refused when the api’s signature names an actor who is not an active user as named', async () => {
      const before = { step: await stepState(), log: await logRows(), events: await events() };
      const handle = temporal.workflow.getHandle(stepWorkflowId(stepId));
      const coordinatorActor = { userId: ids['koordinator.pcb'], username: 'koordinator.pcb', authorityId: (await db.dataSource.query(`SELECT authority_id FROM app_user WHERE id = $1`, [ids['koordinator.pcb']]))[0].authority_id, roles: ['COORDINATOR'] };
      // A user id with another user's name, and an unknown user.
      expect(await refusal(handle.executeUpdate(STEP_UPDATE, signedStepUpdate(stepId, forged({ actor: { ...coordinatorActor, username: 'leder.egedal' } }))))).toBe('AccessDeniedError');
      expect(await refusal(handle.executeUpdate(STEP_UPDATE, signedStepUpdate(stepId, forged({ actor: { ...coordinatorActor, userId: randomUUID() } }))))).toBe('AccessDeniedError');
      // A deactivated user.
      await db.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [ids['sagsbehandler.hilleroed']]);
      try {
        const [hilleroed] = await db.dataSource.query(`SELECT authority_id FROM app_user WHERE id = $1`, [ids['sagsbehandler.hilleroed']]);
        const inactive = { userId: ids['sagsbehandler.hilleroed'], username: 'sagsbehandler.hilleroed', authorityId: hilleroed.authority_id, roles: ['CASEWORKER'] };
        expect(await refusal(handle.executeUpdate(STEP_UPDATE, signedStepUpdate(stepId, forged({ actor: inactive }))))).toBe('AccessDeniedError');
      } finally {
        await db.dataSource.query(`UPDATE app_user SET active = true WHERE id = $1`, [ids['sagsbehandler.hilleroed']]);
      }
      expect({ step: await stepState(), log: await logRows(), events: await events() }).toEqual(before);
    });

    it('leaves the workflow working: the api’s own change goes through and is logged once', async () => {
      const before = await logRows();
      await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/acknowledge`).expect(200);
      expect(await logRows()).toBe(before + 1);
      const [row] = await db.dataSource.query(`SELECT actor_username, action, detail FROM access_log WHERE resource_type = 'Step' AND resource_id = $1 AND action = 'UPDATE' ORDER BY seq DESC LIMIT 1`, [stepId]);
      expect(row).toEqual({ actor_username: 'sagsbehandler.egedal', action: 'UPDATE', detail: 'ACKNOWLEDGE: ASSIGNED -> ACKNOWLEDGED' });
      expect((await stepState()).status).toBe('ACKNOWLEDGED');
    });
  });
});
