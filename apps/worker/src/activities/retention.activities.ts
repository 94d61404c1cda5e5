import { Context } from '@temporalio/activity';
import {
  DEFAULT_NOMINATION_EXPIRY_DAYS,
  DEFAULT_RETENTION,
  nominationExpiryCutoff,
  nominationExpiryReason,
  retentionDeadline,
  STEPS_CANCELLED_BECAUSE,
  type RetentionPolicy,
} from '@psp/domain';
import {
  appendAccessLog,
  cancelOpenStepsOfPerson,
  checkpointSignature,
  fokuspersonRepository,
  lockFokuspersonStatus,
  pruneAccessLogChains,
  signAccessLogCheckpoint,
  writeAnchor,
  type AnchorSigningConfig,
  personClosedStepDetail,
  SYSTEM_ACTOR,
  type AccessLogEntry,
} from '@psp/persistence';
import type { DataSource, EntityManager } from 'typeorm';

export interface RetentionSettings {
  /** The Ed25519 key that signs retention checkpoints and chain-head anchors, and the anchor directory: the worker's alone. */
  anchor: AnchorSigningConfig;
  /** When a rejected person is anonymised (RETENTION_REJECTED_DAYS); default libs/domain's. */
  retention?: RetentionPolicy;
  /** A nomination nobody decided on this many days is rejected (NOMINATION_EXPIRY_DAYS); default 90. */
  nominationExpiryDays?: number;
}

/** The system's act on a person, logged like retention's anonymisation. */
function systemEntry(fokuspersonId: string, entry: Pick<AccessLogEntry, 'action' | 'resourceType' | 'detail'> & { resourceId?: string }): AccessLogEntry {
  return {
    actor: SYSTEM_ACTOR,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? fokuspersonId,
    fokuspersonId,
    purpose: 'RETENTION',
    outcome: 'ALLOWED',
    detail: entry.detail,
    requestId: Context.current().info.workflowExecution?.workflowId ?? null,
  };
}

/** Cancels a person's open steps as the system, each logged: returns their ids, whose workflows are then told to end. */
async function cancelStepsAsSystem(tx: EntityManager, fokuspersonId: string, reason: string): Promise<string[]> {
  const cancelled = await cancelOpenStepsOfPerson(tx, fokuspersonId, { reason, actorUserId: null });
  await appendAccessLog(
    tx,
    cancelled.map((step) => systemEntry(fokuspersonId, { action: 'UPDATE', resourceType: 'Step', resourceId: step.stepId, detail: personClosedStepDetail(step, reason) })),
  );
  return cancelled.map((s) => s.stepId);
}

export function retentionActivities(dataSource: DataSource, settings: RetentionSettings) {
  const expiryDays = settings.nominationExpiryDays ?? DEFAULT_NOMINATION_EXPIRY_DAYS;

  /**
   * Makes a person's personal fields irrecoverable, cancels any step still open, and logs both as
   * the system's acts, in one transaction. Idempotent: a person no longer in `expectedStatus`
   * (reopened, or already done) is skipped.
   */
  const anonymise = (input: { fokuspersonId: string; expectedStatus: 'REJECTED' | 'CLOSED' }) =>
    dataSource.transaction(async (tx): Promise<{ outcome: 'ANONYMISED' | 'SKIPPED'; cancelledStepIds: string[] }> => {
      if ((await lockFokuspersonStatus(tx, input.fokuspersonId)) !== input.expectedStatus) return { outcome: 'SKIPPED', cancelledStepIds: [] };
      const cancelledStepIds = await cancelStepsAsSystem(tx, input.fokuspersonId, STEPS_CANCELLED_BECAUSE.ANONYMISED);
      await fokuspersonRepository.anonymise(tx, input.fokuspersonId);
      await appendAccessLog(
        tx,
        systemEntry(input.fokuspersonId, { action: 'ANONYMISE', resourceType: 'Fokusperson', detail: `retention period after ${input.expectedStatus} ended` }),
      );
      return { outcome: 'ANONYMISED', cancelledStepIds };
    });

  return {
    /** As recorded in retention workflows started before anonymising also ended the person's step workflows. */
    async anonymiseFokusperson(input: { fokuspersonId: string; expectedStatus: 'REJECTED' | 'CLOSED' }): Promise<'ANONYMISED' | 'SKIPPED'> {
      return (await anonymise(input)).outcome;
    },

    /** Anonymises (see above) and names the steps it cancelled, whose workflows the retention workflow then ends. */
    anonymiseFokuspersonAndSteps: anonymise,

    /**
     * Rejects, as the system, up to `limit` nominations nobody decided on within
     * NOMINATION_EXPIRY_DAYS of `asOf` (the workflow's clock), each with its reason in plaintext and
     * its access-log row (purpose RETENTION: storage limitation), in one transaction. Returns them
     * with when each is to be anonymised (RETENTION_REJECTED_DAYS after `asOf`).
     */
    async expireNominations(input: { asOf: string; limit: number }): Promise<{ rejected: string[]; cancelledStepIds: string[]; retentionDeadline: string }> {
      const asOf = new Date(input.asOf);
      const reason = nominationExpiryReason(expiryDays);
      return dataSource.transaction(async (tx) => {
        const rejected = await fokuspersonRepository.rejectExpiredNominations(tx, nominationExpiryCutoff(asOf, expiryDays), reason, input.limit);
        const cancelledStepIds: string[] = [];
        for (const id of rejected) cancelledStepIds.push(...(await cancelStepsAsSystem(tx, id, STEPS_CANCELLED_BECAUSE.REJECTED)));
        await appendAccessLog(
          tx,
          rejected.map((id) => systemEntry(id, { action: 'UPDATE', resourceType: 'Fokusperson', detail: `decision REJECT: NOMINATED -> REJECTED (${reason})` })),
        );
        return { rejected, cancelledStepIds, retentionDeadline: retentionDeadline('REJECTED', asOf, settings.retention ?? DEFAULT_RETENTION).toISOString() };
      });
    },

    /**
     * Prunes the access log: the database decides what is old enough (its owner's retention
     * setting, never under 13 months) and reports each chain it pruned; the worker signs each
     * chain's checkpoint over what was reported, then anchors every chain's head outside the database.
     */
    async pruneAccessLog(): Promise<{ pruned: number }> {
      const result = await dataSource.transaction(async (tx) => {
        const reports = await pruneAccessLogChains(tx);
        let pruned = 0;
        for (const reported of reports) {
          const signature = checkpointSignature(settings.anchor.privateKey, reported);
          await signAccessLogCheckpoint(tx, reported.chain, reported.chainSeq, signature);
          pruned += Number(reported.prunedRows);
        }
        return { pruned };
      });
      await writeAnchor(dataSource, settings.anchor, 'prune');
      return result;
    },

    /** Signs every chain's head and writes it to the anchor store outside the database (hourly Schedule). */
    async anchorAccessLog(): Promise<{ file: string; chains: number }> {
      const { file, anchor } = await writeAnchor(dataSource, settings.anchor, 'scheduled');
      return { file, chains: anchor.chains.length };
    },
  };
}
