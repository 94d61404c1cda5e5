import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  Cpr,
  validateInclusionCriteria,
  RuleViolationError,
  ValidationError,
  type FokuspersonDecision,
  type InclusionCriteria,
  type RegisterAction,
} from '@psp/domain';
import {
  decryptSecrets,
  FieldCipher,
  fokuspersonRepository as repo,
  type FokuspersonSecrets,
} from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { fokuspersonDetail, fokuspersonSummary } from './fokusperson-view';
import { PersonWorkflows } from './person-workflows';
import { RegisterAccess } from './register-access';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { RegisterDecisions, saveFokusperson } from '../use-cases/register-decisions';
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

/** A duplicate nomination by someone who may not see the register: nothing about the existing person. */
export const DUPLICATE_UNDISCLOSED =
  'The nomination could not be registered. The forum’s coordinators have been told and will contact you if your information is needed';

/**
 * The fokusperson register. Every method runs in one audited transaction: the need-to-know
 * decision (libs/domain), the data, and its access-log rows commit together; refusals are logged.
 */
@Injectable()
export class FokuspersonerService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(PersonWorkflows) private readonly workflows: PersonWorkflows,
    @Inject(RegisterDecisions) private readonly decisions: RegisterDecisions,
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
        // Only the forum's coordinators may learn who is in its register; anyone else could probe it by CPR.
        if (ctx.actor.roles.includes('COORDINATOR') && forum.actorIsMember) {
          audit.deny({ action: 'CREATE', fokuspersonId: existing.id, resourceId: existing.id, detail: 'duplicate nomination: already open in the forum' });
          throw new ConflictError(`This person is already ${existing.status} in the forum as fokusperson ${existing.id}`);
        }
        const told = await this.workflows.tellCoordinatorsOfDuplicate(tx, ctx, dto.forumId, existing);
        audit.deny({
          action: 'CREATE',
          fokuspersonId: existing.id,
          resourceId: existing.id,
          detail: `duplicate nomination: already open in the forum; not disclosed to the nominator, ${told} coordinator(s) of the forum told`,
        });
        throw new ConflictError(DUPLICATE_UNDISCLOSED);
      }
      const id = randomUUID();
      const secrets: FokuspersonSecrets = {
        cprDigits: cpr.digits,
        name: dto.name.trim(),
        details: { criteria, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      };
      const row = await repo.insert(tx, this.cipher, { id, forumId: dto.forumId, nominatedByUserId: ctx.actor.userId, nominatingAuthorityId: ctx.actor.authorityId }, secrets);
      audit.use({ resourceId: id, fokuspersonId: id });
      return fokuspersonDetail(row, secrets);
    });
  }

  list(ctx: AuditContext, query: ListQuery): Promise<FokuspersonSummary[]> {
    return this.audited.read(ctx, async (db, audit) => {
      const forum = await this.access.forumFacts(db, ctx, query.forumId);
      this.access.authorize(ctx, 'LIST', forum, audit, null);
      const rows = await repo.listInForum(db, query.forumId, query.status, query.limit ?? 50, query.offset ?? 0);
      audit.use({ action: 'SEARCH', resourceType: 'FokuspersonList', query: `forum=${query.forumId};status=${query.status ?? '*'}`, fokuspersonIds: rows.map((row) => row.id) });
      return rows.map((row) => fokuspersonSummary(row, decryptSecrets(this.cipher, row)));
    });
  }

  get(ctx: AuditContext, id: string): Promise<FokuspersonDetailView> {
    return this.audited.read(ctx, async (db, audit) => {
      const { row } = await this.access.load(db, ctx, id, 'READ', audit);
      audit.use({ resourceId: id, fokuspersonId: id });
      return fokuspersonDetail(row, decryptSecrets(this.cipher, row));
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
      const updated = await saveFokusperson(tx, this.cipher, row, { secrets });
      audit.use({ resourceId: id, fokuspersonId: id, detail: changedFields(dto) });
      return fokuspersonDetail(updated, secrets);
    });
  }

  decide(ctx: AuditContext, id: string, dto: DecisionDto): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets } = await this.loadOpenForChange(tx, ctx, id, 'DECIDE', audit);
      const updated = await this.decisions.apply(tx, ctx, audit, { row, secrets }, { kind: dto.decision as FokuspersonDecision, reason: dto.reason });
      return fokuspersonDetail(updated, secrets);
    });
  }

  setLeadAuthority(ctx: AuditContext, id: string, dto: LeadAuthorityDto): Promise<FokuspersonDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, secrets, forum } = await this.loadOpenForChange(tx, ctx, id, 'SET_LEAD_AUTHORITY', audit);
      if (!forum.memberAuthorityIds.includes(dto.authorityId)) {
        throw new RuleViolationError('The lead authority (tovholder) must be one of the forum’s member authorities');
      }
      secrets.details.leadAuthorityReason = dto.reason;
      const updated = await saveFokusperson(tx, this.cipher, row, { secrets, leadAuthorityId: dto.authorityId });
      audit.use({ resourceId: id, fokuspersonId: id, detail: `lead authority ${dto.authorityId}` });
      return fokuspersonDetail(updated, secrets);
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
      const updated = await saveFokusperson(tx, this.cipher, row, { secrets });
      audit.use({ resourceId: id, fokuspersonId: id, detail: `information decision ${dto.decision}` });
      return fokuspersonDetail(updated, secrets);
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
}

function changedFields(dto: UpdateFokuspersonDto): string {
  return `changed: ${(['name', 'criteria', 'notes'] as const).filter((k) => dto[k] !== undefined).join(', ')}`;
}
