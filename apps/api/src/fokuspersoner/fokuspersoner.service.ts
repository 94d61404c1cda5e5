import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import {
  ConflictError,
  Cpr,
  nextFokuspersonStatus,
  retentionDeadline,
  retentionWorkflowId,
  validateInclusionCriteria,
  ValidationError,
  WORKFLOWS,
  AccessDeniedError,
  maskCprDigits,
  type FokuspersonDecision,
  type InclusionCriteria,
  type RegisterAction,
  type RetentionRequest,
} from '@psp/domain';
import {
  decryptSecrets,
  FieldCipher,
  fokuspersonRepository as repo,
  type FokuspersonRow,
  type FokuspersonSecrets,
} from '@psp/persistence';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { RegisterAccess } from './register-access';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { API_CONFIG } from '../config.token';
import type {
  DecisionDto,
  FokuspersonDetailView,
  FokuspersonSummary,
  InformationDecisionDto,
  LeadAuthorityDto,
  ListQuery,
  NominateDto,
  RevealView,
  UpdateFokuspersonDto,
} from './fokusperson.dto';

const STAMP = { ACTIVE: 'accepted_at', REJECTED: 'rejected_at', CLOSED: 'closed_at' } as const;

/**
 * The fokusperson register. Every method runs in one audited transaction: the need-to-know
 * decision (libs/domain), the data, and its access-log rows commit together; refusals are logged.
 */
@Injectable()
export class FokuspersonerService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
  ) {}

  nominate(ctx: AuditContext, dto: NominateDto): Promise<FokuspersonDetailView> {
    const cpr = Cpr.parse(dto.cpr);
    const criteria = validateInclusionCriteria(dto.criteria as InclusionCriteria);
    return this.audited.run(ctx, async (tx, audit) => {
      const forum = await this.access.forumFacts(tx, ctx, dto.forumId);
      this.access.authorize(ctx, 'NOMINATE', forum, audit, null);
      const index = this.cipher.blindIndex(cpr.digits);
      const existing = await repo.findOpenInForum(tx, dto.forumId, index);
      if (existing) {
        audit.deny({ action: 'CREATE', fokuspersonId: existing.id, resourceId: existing.id, detail: 'duplicate nomination: already open in the forum' });
        throw new ConflictError(`This person is already ${existing.status} in the forum as fokusperson ${existing.id}`);
      }
      const id = randomUUID();
      const secrets: FokuspersonSecrets = {
        cprDigits: cpr.digits,
        name: dto.name.trim(),
        details: { criteria, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      };
      const row = await repo.insert(tx, this.cipher, { id, forumId: dto.forumId, nominatedByUserId: ctx.actor.userId, nominatingAuthorityId: ctx.actor.authorityId }, secrets);
      audit.use({ resourceId: id, fokuspersonId: id });
      return this.detail(row, secrets);
    });
  }

  list(ctx: AuditContext, query: ListQuery): Promise<FokuspersonSummary[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const forum = await this.access.forumFacts(tx, ctx, query.forumId);
      this.access.authorize(ctx, 'LIST', forum, audit, null);
      const rows = await repo.listInForum(tx, query.forumId, query.status, query.limit ?? 50, query.offset ?? 0);
      audit.use({ action: 'SEARCH', resourceType: 'FokuspersonList', query: `forum=${query.forumId};status=${query.status ?? '*'}` });
      return rows.map((row) => {
        audit.use({ resourceId: row.id, fokuspersonId: row.id });
        return this.summary(row, decryptSecrets(this.cipher, row));
      });
    });
  }

  search(ctx: AuditContext, cprInput: string): Promise<FokuspersonSummary[]> {
    const cpr = Cpr.parse(cprInput);
    return this.audited.run(ctx, async (tx, audit) => {
      const forumIds = await this.coordinatorForumIds(tx, ctx);
      if (forumIds === null) {
        audit.deny({ query: cpr.masked, detail: 'only coordinators search the register' });
        throw new AccessDeniedError('Only coordinators search the register (need-to-know)');
      }
      const rows = await repo.findByBlindIndex(tx, this.cipher.blindIndex(cpr.digits), forumIds);
      audit.use({ query: `cpr=${cpr.masked}` });
      return rows.map((row) => {
        audit.use({ action: 'READ', resourceId: row.id, fokuspersonId: row.id });
        return this.summary(row, decryptSecrets(this.cipher, row));
      });
    });
  }

  get(ctx: AuditContext, id: string): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row } = await this.access.load(tx, ctx, id, 'READ', audit);
      audit.use({ resourceId: id, fokuspersonId: id });
      return this.detail(row, decryptSecrets(this.cipher, row));
    });
  }

  reveal(ctx: AuditContext, id: string, justification: string): Promise<RevealView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row } = await this.access.load(tx, ctx, id, 'REVEAL_CPR', audit);
      const secrets = decryptSecrets(this.cipher, row);
      if (!secrets) throw new ConflictError('This fokusperson has been anonymised: the CPR number no longer exists');
      audit.use({ resourceId: id, fokuspersonId: id, detail: justification });
      return { id, cpr: Cpr.parse(secrets.cprDigits).formatted };
    });
  }

  update(ctx: AuditContext, id: string, dto: UpdateFokuspersonDto): Promise<FokuspersonDetailView> {
    if (dto.name === undefined && dto.criteria === undefined && dto.notes === undefined) {
      throw new ValidationError('Nothing to change: give name, criteria or notes');
    }
    const criteria = dto.criteria ? validateInclusionCriteria(dto.criteria as InclusionCriteria) : undefined;
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets } = await this.loadOpenForChange(tx, ctx, id, 'UPDATE', audit, dto.version);
      secrets.name = dto.name?.trim() ?? secrets.name;
      secrets.details.criteria = criteria ?? secrets.details.criteria;
      secrets.details.notes = dto.notes ?? secrets.details.notes;
      const updated = await this.save(tx, row, { secrets });
      audit.use({ resourceId: id, fokuspersonId: id, detail: changedFields(dto) });
      return this.detail(updated, secrets);
    });
  }

  decide(ctx: AuditContext, id: string, dto: DecisionDto): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets } = await this.loadOpenForChange(tx, ctx, id, 'DECIDE', audit);
      const updated = await this.applyDecision(tx, ctx, audit, row, secrets, dto.decision as FokuspersonDecision, dto.reason);
      return this.detail(updated, secrets);
    });
  }

  /**
   * A register decision inside the caller's audited transaction (here, or a meeting's approved
   * minutes): the state change by the register's rules, its reason in the encrypted history, its
   * log row, and the retention workflow it starts or cancels.
   */
  async applyDecision(
    tx: EntityManager,
    ctx: AuditContext,
    audit: AuditRecorder,
    row: FokuspersonRow,
    secrets: FokuspersonSecrets,
    decision: FokuspersonDecision,
    reason: string,
    meetingId?: string,
  ): Promise<FokuspersonRow> {
    const status = nextFokuspersonStatus(row.status, decision);
    secrets.details.decisions.push({ decision, reason, at: new Date().toISOString(), byUserId: ctx.actor.userId, ...(meetingId ? { meetingId } : {}) });
    const stamp = status === 'ACTIVE' && row.status === 'NOMINATED' ? STAMP.ACTIVE : status === 'REJECTED' ? STAMP.REJECTED : status === 'CLOSED' ? STAMP.CLOSED : undefined;
    const updated = await this.save(tx, row, { secrets, status, ...(stamp ? { stamp } : {}) });
    audit.use({ action: 'UPDATE', resourceType: 'Fokusperson', resourceId: row.id, fokuspersonId: row.id, detail: `decision ${decision}: ${row.status} -> ${status}` });
    // Inside the transaction: if Temporal refuses, the decision is not committed either. If the
    // commit fails after the start, the workflow finds the status changed and does nothing.
    if (status === 'REJECTED' || status === 'CLOSED') await this.startRetention(row.id, status);
    if (decision === 'REOPEN') await this.cancelRetention(row.id);
    return updated;
  }

  setLeadAuthority(ctx: AuditContext, id: string, dto: LeadAuthorityDto): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets, forum } = await this.loadOpenForChange(tx, ctx, id, 'SET_LEAD_AUTHORITY', audit);
      if (!forum.memberAuthorityIds.includes(dto.authorityId)) {
        throw new ValidationError('The lead authority (tovholder) must be one of the forum’s member authorities');
      }
      secrets.details.leadAuthorityReason = dto.reason;
      const updated = await this.save(tx, row, { secrets, leadAuthorityId: dto.authorityId });
      audit.use({ resourceId: id, fokuspersonId: id, detail: `lead authority ${dto.authorityId}` });
      return this.detail(updated, secrets);
    });
  }

  recordInformationDecision(ctx: AuditContext, id: string, dto: InformationDecisionDto): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets } = await this.loadOpenForChange(tx, ctx, id, 'RECORD_INFORMATION_DECISION', audit);
      secrets.details.informationDecision = {
        decision: dto.decision,
        reason: dto.reason,
        decidedAt: new Date().toISOString(),
        decidedByUserId: ctx.actor.userId,
      };
      const updated = await this.save(tx, row, { secrets });
      audit.use({ resourceId: id, fokuspersonId: id, detail: `information decision ${dto.decision}` });
      return this.detail(updated, secrets);
    });
  }

  // ---- helpers ----

  private async loadOpenForChange(tx: EntityManager, ctx: AuditContext, id: string, action: RegisterAction, audit: AuditRecorder, version?: number) {
    const { row, forum } = await this.access.load(tx, ctx, id, action, audit, true);
    if (version !== undefined && version !== row.version) {
      throw new ConflictError(`This fokusperson was changed by someone else (version ${row.version}, you sent ${version}): reload and try again`);
    }
    const secrets = decryptSecrets(this.cipher, row);
    if (!secrets) throw new ConflictError('This fokusperson has been anonymised and can no longer be changed');
    return { row, secrets, forum };
  }

  private async save(tx: EntityManager, row: FokuspersonRow, changes: Parameters<typeof repo.update>[3]): Promise<FokuspersonRow> {
    const updated = await repo.update(tx, this.cipher, row, changes);
    if (!updated) throw new ConflictError('This fokusperson was changed by someone else: reload and try again');
    return updated;
  }

  private async coordinatorForumIds(tx: EntityManager, ctx: AuditContext): Promise<string[] | null> {
    if (!ctx.actor.roles.includes('COORDINATOR')) return null;
    const rows: { forum_id: string }[] = await tx.query(`SELECT forum_id FROM forum_member WHERE user_id = $1`, [ctx.actor.userId]);
    return rows.map((r) => r.forum_id);
  }

  private async startRetention(id: string, status: 'REJECTED' | 'CLOSED'): Promise<void> {
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

  private async cancelRetention(id: string): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(retentionWorkflowId(id)).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  private summary(row: FokuspersonRow, secrets: FokuspersonSecrets | null): FokuspersonSummary {
    return {
      id: row.id,
      forumId: row.forum_id,
      status: row.status,
      cpr: secrets ? maskCprDigits(secrets.cprDigits) : null,
      name: secrets?.name ?? null,
      leadAuthorityId: row.lead_authority_id,
      nominatedAt: row.nominated_at,
    };
  }

  private detail(row: FokuspersonRow, secrets: FokuspersonSecrets | null): FokuspersonDetailView {
    return {
      ...this.summary(row, secrets),
      nominatingAuthorityId: row.nominating_authority_id,
      criteria: secrets?.details.criteria ?? null,
      notes: secrets?.details.notes ?? null,
      leadAuthorityReason: secrets?.details.leadAuthorityReason ?? null,
      informationDecision: secrets?.details.informationDecision ?? null,
      decisions: secrets?.details.decisions ?? [],
      acceptedAt: row.accepted_at,
      rejectedAt: row.rejected_at,
      closedAt: row.closed_at,
      anonymisedAt: row.anonymised_at,
      version: row.version,
    };
  }
}

function changedFields(dto: UpdateFokuspersonDto): string {
  return `changed: ${(['name', 'criteria', 'notes'] as const).filter((k) => dto[k] !== undefined).join(', ')}`;
}
