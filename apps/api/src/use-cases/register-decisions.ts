import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, copenhagenDate, nextFokuspersonStatus, type FokuspersonDecision } from '@psp/domain';
import { FieldCipher, fokuspersonRepository, meetingRepository, type FokuspersonRow, type FokuspersonSecrets } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import type { AuditRecorder } from '../audit/audited-transactions';
import { PersonWorkflows } from '../fokuspersoner/person-workflows';

const STAMP = { ACTIVE: 'accepted_at', REJECTED: 'rejected_at', CLOSED: 'closed_at' } as const;

/** Writes a changed fokusperson (encrypting its secrets); someone else's change meanwhile is a conflict. */
export async function saveFokusperson(
  tx: EntityManager,
  cipher: FieldCipher,
  row: FokuspersonRow,
  changes: Parameters<typeof fokuspersonRepository.update>[3],
): Promise<FokuspersonRow> {
  const updated = await fokuspersonRepository.update(tx, cipher, row, changes);
  if (!updated) throw new ConflictError('This fokusperson was changed by someone else: reload and try again');
  return updated;
}

/**
 * A register decision (accept, reject, close, reopen) inside the caller's audited transaction: by a
 * coordinator's route, or by a meeting's approved minutes.
 */
@Injectable()
export class RegisterDecisions {
  constructor(
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(PersonWorkflows) private readonly workflows: PersonWorkflows,
  ) {}

  /**
   * The state change by the register's rules, its reason in the encrypted history, its log row, the
   * person's steps cancelled with them, and the retention workflow it starts or cancels.
   */
  async apply(
    tx: EntityManager,
    ctx: AuditContext,
    audit: AuditRecorder,
    person: { row: FokuspersonRow; secrets: FokuspersonSecrets },
    decision: { kind: FokuspersonDecision; reason: string; meetingId?: string },
  ): Promise<FokuspersonRow> {
    const { row, secrets } = person;
    const status = nextFokuspersonStatus(row.status, decision.kind);
    secrets.details.decisions.push({ decision: decision.kind, reason: decision.reason, at: new Date().toISOString(), byUserId: ctx.actor.userId, ...(decision.meetingId ? { meetingId: decision.meetingId } : {}) });
    const stamp = status === 'ACTIVE' && row.status === 'NOMINATED' ? STAMP.ACTIVE : status === 'REJECTED' ? STAMP.REJECTED : status === 'CLOSED' ? STAMP.CLOSED : undefined;
    // Accepted or reopened between meetings: reviewed at the forum's next meeting whose case list is
    // open (today when none is planned: the next one to be planned). A meeting's minutes set their own.
    const review = status === 'ACTIVE' && !decision.meetingId ? { nextReviewDate: (await meetingRepository.nextOpenDate(tx, row.forum_id)) ?? copenhagenDate(new Date()) } : {};
    const updated = await saveFokusperson(tx, this.cipher, row, { secrets, status, ...(stamp ? { stamp } : {}), ...review });
    audit.use({ action: 'UPDATE', resourceType: 'Fokusperson', resourceId: row.id, fokuspersonId: row.id, detail: `decision ${decision.kind}: ${row.status} -> ${status}` });
    // Inside the transaction: if Temporal refuses, the decision is not committed either. If the
    // commit fails after the start, the workflow finds the status changed and does nothing.
    if (status === 'REJECTED' || status === 'CLOSED') {
      await this.workflows.cancelStepsWithPerson(tx, ctx, audit, row.id, status);
      await this.workflows.startRetention(row.id, status);
    }
    if (decision.kind === 'REOPEN') await this.workflows.cancelRetention(row.id);
    return updated;
  }
}
