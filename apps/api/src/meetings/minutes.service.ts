import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  copenhagenDate,
  decideAgendaItem,
  requireMinutesDraftable,
  RuleViolationError,
} from '@psp/domain';
import { FieldCipher, meetingItemRepository, meetingRepository } from '@psp/persistence';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { AgreedSteps } from '../use-cases/agreed-steps';
import { meetingFor } from './meeting-access';
import type { MinutesDto, MinutesView } from './minutes.dto';
import { encryptMinutes, minutesView } from './minutes-view';

/** A meeting's minutes: attendance and a decision per agenda item, drafted (approving them: use-cases/approve-minutes.ts). */
@Injectable()
export class MinutesService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
    @Inject(AgreedSteps) private readonly agreed: AgreedSteps,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  getMinutes(ctx: AuditContext, id: string): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => minutesView(tx, this.cipher, await meetingFor(tx, ctx.actor, id, 'DECIDE', audit), audit, []));
  }

  /** Saves the draft: attendance and each item's decision, checked against the person's status now. */
  draftMinutes(ctx: AuditContext, id: string, dto: MinutesDto): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'DECIDE', audit, true);
      requireMinutesDraftable(m.status);
      if (dto.version !== undefined && dto.version !== m.minutes_version) {
        throw new ConflictError(
          `Someone else saved these minutes meanwhile (version ${m.minutes_version}; your draft was made from version ${dto.version}): nothing was overwritten. Load the minutes, merge your changes into them and save again`,
        );
      }
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const badAuthority = dto.attendance.find((a) => !forum.memberAuthorityIds.includes(a.authorityId));
      if (badAuthority) throw new RuleViolationError(`attendance: authority ${badAuthority.authorityId} is not a member of the forum`);
      const meetingDate = copenhagenDate(new Date(m.starts_at));
      const byId = new Map((await meetingItemRepository.withPersonStatus(tx, id)).map((i) => [i.id, i]));
      const seen = new Set<string>();
      const decided: string[] = [];
      await meetingItemRepository.clearDecisions(tx, id);
      for (const [n, d] of dto.items.entries()) {
        const item = byId.get(d.itemId);
        if (!item) throw new RuleViolationError(`items[${n}]: ${d.itemId} is not on this meeting’s agenda; add the person to the case list before the agenda is locked, or take it up at the next meeting`);
        if (seen.has(d.itemId)) throw new RuleViolationError(`items[${n}]: item ${d.itemId} has two decisions`);
        seen.add(d.itemId);
        const label = `items[${n}] (agenda item ${item.position})`;
        decideAgendaItem(item.status, { decision: d.decision, stepCount: d.steps?.length ?? 0, nextReviewDate: d.nextReviewDate ?? null }, meetingDate, label);
        for (const [k, s] of (d.steps ?? []).entries()) await this.agreed.check(tx, s, forum.memberAuthorityIds, `${label} steps[${k}]: `);
        const sealed = encryptMinutes(this.cipher, d.itemId, { reason: d.reason, note: d.note ?? null, steps: d.steps ?? [] });
        await meetingItemRepository.saveDecision(tx, d.itemId, { decision: d.decision, nextReviewDate: d.nextReviewDate ?? null, ...sealed });
        decided.push(item.fokusperson_id);
      }
      const version = await meetingRepository.saveMinutesDraft(tx, id, dto.attendance);
      // One change: the draft, naming each person it records a decision on.
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, fokuspersonIds: decided, detail: `minutes draft saved (version ${version}): ${decided.length} decisions` });
      return minutesView(tx, this.cipher, { ...m, attendance: dto.attendance, minutes_version: version }, audit, []);
    });
  }
}
