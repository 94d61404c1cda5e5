import { Context } from '@temporalio/activity';
import { appendAccessLog, checkpointSignature, fokuspersonRepository, SYSTEM_ACTOR } from '@psp/persistence';
import type { DataSource } from 'typeorm';

export interface RetentionSettings {
  auditCheckpointKey: Buffer;
  accessLogRetentionMonths: number;
}

export function retentionActivities(dataSource: DataSource, settings: RetentionSettings) {
  return {
    /**
     * Makes a person's personal fields irrecoverable and logs it as ANONYMISE by the system, in one
     * transaction. Idempotent: a person no longer in `expectedStatus` (reopened, or already done) is skipped.
     */
    async anonymiseFokusperson(input: { fokuspersonId: string; expectedStatus: 'REJECTED' | 'CLOSED' }): Promise<'ANONYMISED' | 'SKIPPED'> {
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? null;
      return dataSource.transaction(async (tx) => {
        const [row] = await tx.query(`SELECT status FROM fokusperson WHERE id = $1 FOR UPDATE`, [input.fokuspersonId]);
        if (!row || row.status !== input.expectedStatus) return 'SKIPPED';
        await fokuspersonRepository.anonymise(tx, input.fokuspersonId);
        await appendAccessLog(tx, {
          actor: SYSTEM_ACTOR,
          action: 'ANONYMISE',
          resourceType: 'Fokusperson',
          resourceId: input.fokuspersonId,
          fokuspersonId: input.fokuspersonId,
          purpose: 'RETENTION',
          outcome: 'ALLOWED',
          detail: `retention period after ${input.expectedStatus} ended`,
          requestId: workflowId,
        });
        return 'ANONYMISED';
      });
    },

    /** Prunes access-log rows older than the retention period, chain by chain, each behind a signed checkpoint. */
    async pruneAccessLog(): Promise<{ pruned: number }> {
      return dataSource.transaction(async (tx) => {
        const lasts: { chain: number; chain_seq: string; hash: Buffer; cutoff: Date }[] = await tx.query(
          `SELECT DISTINCT ON (chain) chain, chain_seq, hash, now() - make_interval(months => $1) AS cutoff FROM access_log
            WHERE occurred_at < now() - make_interval(months => $1) ORDER BY chain, chain_seq DESC`,
          [settings.accessLogRetentionMonths],
        );
        let pruned = 0;
        for (const last of lasts) {
          const signature = checkpointSignature(settings.auditCheckpointKey, last.chain, last.chain_seq, last.hash);
          const [{ n }] = await tx.query(`SELECT access_log_prune($1::smallint, $2, $3, $4) AS n`, [last.chain, last.chain_seq, last.cutoff, signature]);
          pruned += Number(n);
        }
        return { pruned };
      });
    },
  };
}
