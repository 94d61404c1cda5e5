import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  copenhagenDate,
  decideAgendaItem,
  defaultReviewDate,
  meetingPolicyOf,
  NotFoundError,
  requireMinutesDraftable,
  RuleViolationError,
  validateDueDate,
  type FokuspersonDecision,
} from '@psp/domain';
import { decryptSecrets, FieldCipher, fokuspersonRepository, meetingItemRepository, meetingRepository } from '@psp/persistence';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { FokuspersonerService } from '../fokuspersoner/fokuspersoner.service';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { StepsService } from '../steps/steps.service';
import { meetingFor } from './meeting-access';
import { MeetingWorkflows } from './meeting-workflows';
import type { MinutesDto, MinutesView } from './minutes.dto';
import { decryptMinutes, encryptMinutes, minutesView } from './minutes-view';

/** A meeting's minutes: attendance and a decision per agenda item, drafted, then approved and locked. */
@Injectable()
export class MinutesService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FokuspersonerService) private readonly register: FokuspersonerService,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
    @Inject(StepsService) private readonly steps: StepsService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(MeetingWorkflows) private readonly workflows: MeetingWorkflows,
  ) {}

  getMinutes(ctx: AuditContext, id: string): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => minutesView(tx, this.cipher, await meetingFor(tx, ctx.actor, id, 'DECIDE', audit), audit, []));
  }

  /** Saves the draft: attendance and each item's decision, checked against the person's status now. */
  draftMinutes(ctx: AuditContext, id: string, dto: MinutesDto): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'DECIDE', audit, true);
      requireMinutesDraftable(m.status);
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const badAuthority = dto.attendance.find((a) => !forum.memberAuthorityIds.includes(a.authorityId));
      if (badAuthority) throw new RuleViolationError(`attendance: authority ${badAuthority.authorityId} is not a member of the forum`);
      const meetingDate = copenhagenDate(new Date(m.starts_at));
      const byId = new Map((await meetingItemRepository.withPersonStatus(tx, id)).map((i) => [i.id, i]));
      const seen = new Set<string>();
      await meetingItemRepository.clearDecisions(tx, id);
      for (const [n, d] of dto.items.entries()) {
        const item = byId.get(d.itemId);
        if (!item) throw new RuleViolationError(`items[${n}]: ${d.itemId} is not on this meeting’s agenda; add the person to the case list before the agenda is locked, or take it up at the next meeting`);
        if (seen.has(d.itemId)) throw new RuleViolationError(`items[${n}]: item ${d.itemId} has two decisions`);
        seen.add(d.itemId);
        const label = `items[${n}] (agenda item ${item.position})`;
        decideAgendaItem(item.status, { decision: d.decision, stepCount: d.steps?.length ?? 0, nextReviewDate: d.nextReviewDate ?? null }, meetingDate, label);
        for (const [k, s] of (d.steps ?? []).entries()) {
          validateDueDate(s.dueDate, new Date());
          if (!forum.memberAuthorityIds.includes(s.ownerAuthorityId)) throw new RuleViolationError(`${label} steps[${k}]: ownerAuthorityId must be one of the forum’s member authorities`);
          await this.steps.requireAssignee(tx, s.assigneeUserId, s.ownerAuthorityId, `${label} steps[${k}]: `);
        }
        const sealed = encryptMinutes(this.cipher, d.itemId, { reason: d.reason, note: d.note ?? null, steps: d.steps ?? [] });
        await meetingItemRepository.saveDecision(tx, d.itemId, { decision: d.decision, nextReviewDate: d.nextReviewDate ?? null, ...sealed });
        audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, fokuspersonId: item.fokusperson_id, detail: `draft decision ${d.decision}` });
      }
      await meetingRepository.setAttendance(tx, id, dto.attendance);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: 'minutes draft saved' });
      return minutesView(tx, this.cipher, { ...m, attendance: dto.attendance }, audit, []);
    });
  }

  /**
   * Approves and locks the minutes in one transaction: each decision changes the register by its
   * rules (retention starts for a rejected or closed person), agreed steps join a new version of
   * the helhedsplan and their workflows start, and review dates are set. Undecided items carry over.
   */
  approveMinutes(ctx: AuditContext, id: string): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'DECIDE', audit, true);
      if (m.status === 'MINUTES_APPROVED') throw new ConflictError('The minutes are already approved and locked');
      const started = new Date(m.starts_at) <= new Date();
      if (!(m.status === 'HELD' || (m.status === 'AGENDA_LOCKED' && started))) {
        throw new ConflictError(`Minutes are approved after the meeting has taken place; this meeting is ${m.status}${started ? '' : ` and starts ${new Date(m.starts_at).toISOString()}`}`);
      }
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const meetingDate = copenhagenDate(new Date(m.starts_at));
      const policy = meetingPolicyOf(m.meeting_policy);
      const items = await meetingItemRepository.decided(tx, id);
      const startedStepIds: string[] = [];
      for (const item of items) {
        const minutes = decryptMinutes(this.cipher, item.id, item.key_id, item.minutes_ciphertext);
        const label = `Agenda item ${item.position}`;
        let row = await fokuspersonRepository.findWithForum(tx, item.fokusperson_id, ctx.actor.userId, true);
        if (!row) throw new NotFoundError('Fokusperson', item.fokusperson_id);
        const after = decideAgendaItem(row.status, { decision: item.decision, stepCount: minutes.steps.length, nextReviewDate: item.next_review_date }, meetingDate, label);
        if (item.decision === 'CONTINUE' || item.decision === 'CARRY_OVER') {
          audit.use({ action: 'UPDATE', resourceType: 'Fokusperson', resourceId: row.id, fokuspersonId: row.id, detail: `meeting decision ${item.decision}` });
        } else {
          const secrets = decryptSecrets(this.cipher, row);
          if (!secrets) throw new ConflictError(`${label}: the fokusperson has been anonymised`);
          row = { ...row, ...(await this.register.applyDecision(tx, ctx, audit, row, secrets, item.decision as FokuspersonDecision, minutes.reason, id)) };
        }
        const review = after === 'ACTIVE' && item.decision !== 'CARRY_OVER' ? (item.next_review_date ?? defaultReviewDate(meetingDate, policy)) : null;
        if (item.decision !== 'CARRY_OVER') await meetingItemRepository.setNextReview(tx, row.id, review);
        if (minutes.steps.length > 0) {
          const plan = await this.steps.newVersion(tx, ctx, row.id, undefined, `Aftalt på PSP-mødet ${meetingDate}`, id);
          for (const [k, s] of minutes.steps.entries()) {
            startedStepIds.push(await this.steps.createStep(tx, audit, { fokuspersonId: row.id, forumId: m.forum_id, memberAuthorityIds: forum.memberAuthorityIds }, plan, s, `${label} steps[${k}]: `));
          }
        }
      }
      const approvedAt = await meetingRepository.approveMinutes(tx, id, ctx.actor.userId);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: `minutes approved: ${items.length} decisions, ${startedStepIds.length} steps` });
      await this.workflows.wake(id);
      return minutesView(tx, this.cipher, { ...m, status: 'MINUTES_APPROVED', approved_at: approvedAt }, audit, startedStepIds, 'unlogged');
    });
  }
}
