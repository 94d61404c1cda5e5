import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { retentionDeadline, STEPS_CANCELLED_BECAUSE } from '@psp/domain';
import { retentionWorkflowId, stepChanged, stepWorkflowId, WORKFLOWS, type NotificationRequest, type RetentionRequest } from '@psp/workflow-contracts';
import { cancelOpenStepsOfPerson, findNominationNames, listForumCoordinators, personClosedStepDetail } from '@psp/persistence';
import { danishDateTime } from '@psp/documents';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import type { AuditRecorder } from '../audit/audited-transactions';
import { API_CONFIG } from '../config.token';

/** What a register decision starts, signals or cancels in Temporal: notices, step cancellations, retention. */
@Injectable()
export class PersonWorkflows {
  private readonly logger = new Logger(PersonWorkflows.name);

  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Tells the forum's coordinators (in-app, through the notification workflow) that someone outside
   * them tried to nominate a person already open in the forum. The notice names the fokusperson by
   * id, never by name or CPR: inbox rows are plaintext, outside the access log and retention, and
   * the workflow's input passes through Temporal; a coordinator opens the person in the register,
   * which logs that read. Returns how many were told; a Temporal failure is logged, not fatal.
   */
  async tellCoordinatorsOfDuplicate(tx: EntityManager, ctx: AuditContext, forumId: string, existing: { id: string; status: string }): Promise<number> {
    const coordinators = await listForumCoordinators(tx, forumId, ctx.actor.userId);
    const facts = await findNominationNames(tx, forumId, ctx.actor.userId);
    const status = existing.status === 'ACTIVE' ? 'aktiv' : 'indstillet';
    const body =
      `${facts?.nominator ?? ctx.actor.username} (${facts?.authority ?? 'ukendt myndighed'}) forsøgte ${danishDateTime(new Date())} at indstille en borger til ${facts?.forum ?? 'forummet'}, ` +
      `som allerede er ${status} i forummet som fokusperson ${existing.id}. Indstillingen blev ikke registreret, og indstilleren fik ikke at vide, at borgeren er kendt i forummet. ` +
      'Slå fokuspersonen op i registret, og kontakt indstilleren, hvis der er brug for de nye oplysninger.';
    const attempt = randomUUID(); // not the request id: a caller chooses that, and could reuse one to suppress the notice
    const started = await Promise.all(
      coordinators.map(async (coordinatorId) => {
        const request: NotificationRequest = { recipientUserId: coordinatorId, purpose: 'duplicate-nomination', kind: 'DUPLICATE_NOMINATION', subject: 'Forsøg på at indstille en borger, som allerede er i forummet', body };
        try {
          await this.temporal.workflow.start(WORKFLOWS.notification, { workflowId: `duplicate-nomination-${attempt}-${coordinatorId}`, taskQueue: this.config.temporal.taskQueue, args: [request] });
          return 1;
        } catch (err) {
          this.logger.error({ err, fokuspersonId: existing.id, recipientUserId: coordinatorId }, 'Could not start the duplicate-nomination notice');
          return 0;
        }
      }),
    );
    return started.reduce<number>((a, b) => a + b, 0);
  }

  /**
   * Cancels the person's open steps in the decision's transaction (each logged; its history says
   * why) and tells each step's workflow, which re-reads its step once this transaction has ended
   * (the rows stay locked until then): committed, the workflow ends and sends no further notice;
   * rolled back, it carries on.
   */
  async cancelStepsWithPerson(tx: EntityManager, ctx: AuditContext, audit: AuditRecorder, fokuspersonId: string, status: 'REJECTED' | 'CLOSED'): Promise<void> {
    const reason = STEPS_CANCELLED_BECAUSE[status];
    const cancelled = await cancelOpenStepsOfPerson(tx, fokuspersonId, { reason, actorUserId: ctx.actor.userId });
    for (const step of cancelled) {
      audit.use({ action: 'UPDATE', resourceType: 'Step', resourceId: step.stepId, fokuspersonId, detail: personClosedStepDetail(step, reason) });
    }
    await Promise.all(
      cancelled.map(async (step) => {
        try {
          await this.temporal.workflow.getHandle(stepWorkflowId(step.stepId)).signal(stepChanged);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err; // ended already: the row is what counts
        }
      }),
    );
  }

  async startRetention(id: string, status: 'REJECTED' | 'CLOSED'): Promise<void> {
    const request: RetentionRequest = {
      fokuspersonId: id,
      expectedStatus: status,
      deadline: retentionDeadline(status, new Date(), this.config.retention).toISOString(),
    };
    await this.temporal.workflow.start(WORKFLOWS.retention, {
      workflowId: retentionWorkflowId(id),
      taskQueue: this.config.temporal.taskQueue,
      args: [request],
    });
  }

  async cancelRetention(id: string): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(retentionWorkflowId(id)).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
