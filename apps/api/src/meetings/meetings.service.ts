import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import {
  ConflictError,
  copenhagenDate,
  decideAgendaItem,
  decideMeetingAccess,
  DEFAULT_MEETING_POLICY,
  defaultReviewDate,
  MEETING_CHANGED_SIGNAL,
  MEETING_QUERY,
  meetingOccurrences,
  meetingScheduleId,
  meetingWorkflowId,
  nextMeetingStatus,
  NotFoundError,
  requireEditableAgenda,
  requireMinutesDraftable,
  validateCadence,
  validateDueDate,
  validateMeetingPolicy,
  validateReminderPolicy,
  type ReminderPolicy,
  RuleViolationError,
  ValidationError,
  WORKFLOWS,
  type Actor,
  type Cadence,
  type FokuspersonDecision,
  type ItemDecision,
  type MeetingAccess,
  type MeetingPolicy,
  type MeetingStatus,
  type MeetingWorkflowInput,
  type MeetingWorkflowState,
} from '@psp/domain';
import { agendaPdf, forumMeetingInvite, minutesPdf } from '@psp/documents';
import { caseListRepository, decryptName, decryptSecrets, FieldCipher, fokuspersonRepository, type CaseListRow } from '@psp/persistence';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { changesBetween, logAdminChange } from '../admin/admin-audit';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { requireNeedToKnow } from '../audit/need-to-know';
import { API_CONFIG } from '../config.token';
import { FokuspersonerService } from '../fokuspersoner/fokuspersoner.service';
import { RegisterAccess } from '../fokuspersoner/register-access';
import type { NewStepDto } from '../steps/steps.dto';
import { StepsService } from '../steps/steps.service';
import type {
  AddItemDto,
  AgendaView,
  CancelMeetingDto,
  CaseListItemView,
  MeetingsQuery,
  MeetingView,
  MinutesDto,
  MinutesItemView,
  MinutesView,
  NewMeetingDto,
  RescheduleDto,
  ReorderDto,
  ScheduleDto,
  SchedulePreview,
} from './meetings.dto';

interface MeetingRow {
  id: string;
  forum_id: string;
  forum_name: string;
  planned_date: string | null;
  starts_at: Date;
  duration_minutes: number;
  location: string | null;
  status: MeetingStatus;
  invite_sequence: number;
  cancel_reason: string | null;
  attendance: { authorityId: string; present: boolean; attendees?: string }[];
  approved_at: Date | null;
  meeting_policy: Partial<MeetingPolicy> | null;
  is_member: boolean;
  item_count: number;
}

/** An item's minutes, stored encrypted: the reason, the note and the agreed steps may name the citizen. */
interface ItemMinutes {
  reason: string;
  note: string | null;
  steps: NewStepDto[];
}

const minutesAad = (itemId: string) => `meeting_item:${itemId}:minutes`;

/**
 * PSP meetings: the forum's schedule, its meetings, the case list, minutes and their exports.
 * Meeting facts live in the database; each change signals the meeting's workflow, which owns the
 * timers. Everything that shows a citizen runs in an audited transaction, logged per person.
 */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger(MeetingsService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FokuspersonerService) private readonly register: FokuspersonerService,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
    @Inject(StepsService) private readonly steps: StepsService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  // ---- the forum's schedule ----

  async getSchedule(actor: Actor, forumId: string): Promise<SchedulePreview> {
    const forum = await this.forum(this.dataSource.manager, actor, forumId, 'VIEW');
    return this.preview(forum);
  }

  /** Sets the cadence (and policy); the forum's Schedule is created or updated and plans at once. */
  setSchedule(actor: Actor, forumId: string, dto: ScheduleDto): Promise<SchedulePreview> {
    const cadence = validateCadence(dto.cadence as Cadence, copenhagenDate(new Date()));
    const policy = validateMeetingPolicy(dto.meetingPolicy ?? {});
    return this.dataSource.transaction(async (tx) => {
      const forum = await this.forum(tx, actor, forumId, 'PLAN', true);
      await tx.query(`UPDATE forum SET cadence = $2, meeting_policy = $3, updated_at = now() WHERE id = $1`, [forumId, cadence, policy]);
      await this.logForumChange(tx, actor, forumId, changesBetween({ cadence: forum.cadence, meetingPolicy: forum.meeting_policy }, { cadence, meetingPolicy: policy }, ['cadence', 'meetingPolicy']));
      await this.upsertSchedule(forumId, forum.schedule_paused);
      return this.preview({ ...forum, cadence, meeting_policy: policy });
    }).then(async (preview) => {
      if (!preview.paused) await this.planNow(forumId);
      return preview;
    });
  }

  /**
   * Runs the forum's planner at once (the saved cadence plans its meetings now rather than at the
   * Schedule's next daily run). A refusal of the Schedule's trigger is tried twice more; if it
   * persists, the caller learns that the schedule is saved and what happens instead.
   */
  private async planNow(forumId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.temporal.schedule.getHandle(meetingScheduleId(forumId)).trigger(ScheduleOverlapPolicy.SKIP);
        return;
      } catch (err) {
        this.logger.warn({ err, forumId, attempt }, 'Triggering the forum’s meeting planner failed');
        if (attempt === 3) {
          throw new ServiceUnavailableException(
            'The schedule is saved, but its meetings could not be planned right now (the workflow service did not answer): they are planned at the next daily run at 06:00, or save the schedule again in a moment',
          );
        }
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
  }

  pauseSchedule(actor: Actor, forumId: string, paused: boolean): Promise<SchedulePreview> {
    return this.dataSource.transaction(async (tx) => {
      const forum = await this.forum(tx, actor, forumId, 'PLAN', true);
      if (!forum.cadence) throw new ConflictError('The forum has no cadence yet: set one first');
      await tx.query(`UPDATE forum SET schedule_paused = $2, updated_at = now() WHERE id = $1`, [forumId, paused]);
      await this.logForumChange(tx, actor, forumId, changesBetween({ schedulePaused: forum.schedule_paused }, { schedulePaused: paused }, ['schedulePaused']));
      const handle = this.temporal.schedule.getHandle(meetingScheduleId(forumId));
      if (paused) await handle.pause(`paused by ${actor.username}`);
      else await handle.unpause(`resumed by ${actor.username}`);
      return this.preview({ ...forum, schedule_paused: paused });
    });
  }

  /** A coordinator's change of the forum's settings, in the access log like an administrator's (resource type Forum). */
  private logForumChange(tx: EntityManager, actor: Actor, forumId: string, changes: ReturnType<typeof changesBetween>): Promise<void> {
    return logAdminChange(tx, { actor, requestId: null, clientAddress: null }, { action: 'UPDATE', resourceType: 'Forum', resourceId: forumId, changes }, 'PSP_COORDINATION');
  }

  private async upsertSchedule(forumId: string, paused: boolean): Promise<void> {
    const options = {
      // Daily: the planner derives the meetings from the cadence (moved off holidays), which a Schedule spec cannot express.
      spec: { calendars: [{ hour: 6, minute: 0, comment: 'plan the forum’s meetings from its cadence' }], timezone: 'Europe/Copenhagen' },
      action: {
        type: 'startWorkflow' as const,
        workflowType: WORKFLOWS.meetingPlanner,
        workflowId: `meeting-planner-${forumId}`,
        taskQueue: this.config.temporal.taskQueue,
        args: [{ forumId }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    };
    try {
      await this.temporal.schedule.create({ scheduleId: meetingScheduleId(forumId), ...options, state: { paused } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await this.temporal.schedule.getHandle(meetingScheduleId(forumId)).update((previous) => ({ ...previous, ...options, state: { ...previous.state, paused } }));
    }
  }

  private preview(forum: { id: string; cadence: Cadence | null; meeting_policy: Partial<MeetingPolicy> | null; schedule_paused: boolean }): SchedulePreview {
    return {
      forumId: forum.id,
      cadence: forum.cadence as SchedulePreview['cadence'],
      meetingPolicy: { ...DEFAULT_MEETING_POLICY, ...(forum.meeting_policy ?? {}) },
      paused: forum.schedule_paused,
      upcoming: forum.cadence ? meetingOccurrences(forum.cadence, copenhagenDate(new Date()), 6).map((o) => o.startsAt.toISOString()) : [],
    };
  }

  // ---- the forum's reminder policy for steps ----

  async getReminderPolicy(actor: Actor, forumId: string): Promise<ReminderPolicy> {
    await this.forum(this.dataSource.manager, actor, forumId, 'VIEW');
    const [{ reminder_policy }] = await this.dataSource.query(`SELECT reminder_policy FROM forum WHERE id = $1`, [forumId]);
    return validateReminderPolicy(reminder_policy ?? {});
  }

  /** Applies to steps agreed from now on; a running step keeps the policy it started with. */
  setReminderPolicy(actor: Actor, forumId: string, dto: Partial<ReminderPolicy>): Promise<ReminderPolicy> {
    const policy = validateReminderPolicy(dto);
    return this.dataSource.transaction(async (tx) => {
      await this.forum(tx, actor, forumId, 'PLAN', true);
      const [{ reminder_policy: before }] = await tx.query(`SELECT reminder_policy FROM forum WHERE id = $1`, [forumId]);
      await tx.query(`UPDATE forum SET reminder_policy = $2, updated_at = now() WHERE id = $1`, [forumId, policy]);
      await this.logForumChange(tx, actor, forumId, changesBetween({ reminderPolicy: before }, { reminderPolicy: policy }, ['reminderPolicy']));
      return policy;
    });
  }

  // ---- meetings ----

  async list(actor: Actor, forumId: string, query: MeetingsQuery): Promise<MeetingView[]> {
    await this.forum(this.dataSource.manager, actor, forumId, 'VIEW');
    const upcoming = (query.when ?? 'upcoming') === 'upcoming';
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM meeting WHERE forum_id = $1 AND (CASE WHEN $2 THEN starts_at >= now() - interval '1 day' ELSE starts_at < now() - interval '1 day' END)
        ORDER BY starts_at ${upcoming ? 'ASC' : 'DESC'} LIMIT $3`,
      [forumId, upcoming, query.limit ?? 20],
    );
    const views: MeetingView[] = [];
    for (const r of rows) views.push(this.view(await this.meeting(this.dataSource.manager, actor, r.id, 'VIEW'), null));
    return views;
  }

  /** An extra meeting besides the cadence; its workflow starts with it. */
  create(actor: Actor, forumId: string, dto: NewMeetingDto): Promise<MeetingView> {
    const startsAt = this.futureTime(dto.startsAt);
    return this.dataSource.transaction(async (tx) => {
      const forum = await this.forum(tx, actor, forumId, 'PLAN');
      const policy = { ...DEFAULT_MEETING_POLICY, ...(forum.meeting_policy ?? {}) };
      const id = randomUUID();
      await tx.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, location, status) VALUES ($1, $2, $3, $4, $5, 'PLANNED')`, [
        id,
        forumId,
        startsAt,
        policy.durationMinutes,
        dto.location ?? null,
      ]);
      const input: MeetingWorkflowInput = { meetingId: id };
      await this.temporal.workflow.start(WORKFLOWS.meeting, { workflowId: meetingWorkflowId(id), taskQueue: this.config.temporal.taskQueue, args: [input] });
      return this.view(await this.meeting(tx, actor, id, 'VIEW'), null);
    });
  }

  async get(actor: Actor, id: string): Promise<MeetingView> {
    const m = await this.meeting(this.dataSource.manager, actor, id, 'VIEW');
    return this.view(m, await this.nextEvent(id));
  }

  reschedule(actor: Actor, id: string, dto: RescheduleDto): Promise<MeetingView> {
    const startsAt = this.futureTime(dto.startsAt);
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'RESCHEDULE');
      await tx.query(`UPDATE meeting SET starts_at = $2, invite_sequence = invite_sequence + 1, version = version + 1, updated_at = now() WHERE id = $1`, [id, startsAt]);
    });
  }

  cancel(actor: Actor, id: string, dto: CancelMeetingDto): Promise<MeetingView> {
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'CANCEL');
      await tx.query(
        `UPDATE meeting SET status = 'CANCELLED', cancel_reason = $2, invite_sequence = invite_sequence + 1, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.reason],
      );
    });
  }

  /** Locks the agenda before its time (the case list is brought up to date one last time); the invite goes out. */
  lock(actor: Actor, id: string): Promise<MeetingView> {
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'LOCK');
      await caseListRepository.refresh(tx, id, new Date());
      await tx.query(`UPDATE meeting SET status = 'AGENDA_LOCKED', locked_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id]);
    });
  }

  private async change(actor: Actor, id: string, work: (tx: EntityManager, m: MeetingRow) => Promise<void>): Promise<MeetingView> {
    await this.dataSource.transaction(async (tx) => {
      const m = await this.meeting(tx, actor, id, 'PLAN', undefined, true);
      await work(tx, m);
      await this.wake(id); // inside the transaction: if Temporal refuses, nothing changes
    });
    return this.get(actor, id);
  }

  // ---- the case list ----

  agenda(ctx: AuditContext, id: string): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'PREPARE', audit);
      if (m.status === 'PLANNED') await caseListRepository.refresh(tx, id, new Date());
      const items = await this.items(tx, id, audit);
      return { meetingId: id, status: m.status, items };
    });
  }

  addItem(ctx: AuditContext, id: string, dto: AddItemDto): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const [person] = await tx.query(`SELECT status FROM fokusperson WHERE id = $1 AND forum_id = $2`, [dto.fokuspersonId, m.forum_id]);
      if (!person) throw new RuleViolationError(`fokuspersonId ${dto.fokuspersonId} is not a fokusperson of this forum`);
      if (person.status !== 'NOMINATED' && person.status !== 'ACTIVE') throw new ConflictError(`Only nominated or active persons go on the case list; this one is ${person.status}`);
      await tx.query(
        `INSERT INTO meeting_item (meeting_id, fokusperson_id, position, reasons)
         VALUES ($1, $2, coalesce((SELECT max(position) FROM meeting_item WHERE meeting_id = $1), 0) + 1, '{ADDED_BY_COORDINATOR}')
         ON CONFLICT (meeting_id, fokusperson_id) DO UPDATE
           SET removed = false,
               reasons = CASE WHEN 'ADDED_BY_COORDINATOR' = ANY(meeting_item.reasons) THEN meeting_item.reasons ELSE array_append(meeting_item.reasons, 'ADDED_BY_COORDINATOR') END`,
        [id, dto.fokuspersonId],
      );
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, fokuspersonId: dto.fokuspersonId, detail: 'added to the case list' });
      return { meetingId: id, status: m.status, items: await this.items(tx, id, audit) };
    });
  }

  removeItem(ctx: AuditContext, id: string, itemId: string): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const [item] = await tx.query(`UPDATE meeting_item SET removed = true WHERE id = $1 AND meeting_id = $2 AND NOT removed RETURNING fokusperson_id`, [itemId, id]);
      if (!item) throw new NotFoundError('Agenda item', itemId);
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, fokuspersonId: item.fokusperson_id, detail: 'removed from the case list' });
      return { meetingId: id, status: m.status, items: await this.items(tx, id, audit) };
    });
  }

  reorder(ctx: AuditContext, id: string, dto: ReorderDto): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const current: { id: string }[] = await tx.query(`SELECT id FROM meeting_item WHERE meeting_id = $1 AND NOT removed`, [id]);
      const known = new Set(current.map((c) => c.id));
      if (dto.itemIds.length !== known.size || new Set(dto.itemIds).size !== dto.itemIds.length || !dto.itemIds.every((i) => known.has(i))) {
        throw new RuleViolationError(`itemIds must list each of the case list's ${known.size} items exactly once`);
      }
      await tx.query(`UPDATE meeting_item i SET position = o.n FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, n) WHERE i.id = o.id AND i.meeting_id = $1`, [id, dto.itemIds]);
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, detail: 'case list reordered' });
      return { meetingId: id, status: m.status, items: await this.items(tx, id, audit) };
    });
  }

  // ---- minutes ----

  getMinutes(ctx: AuditContext, id: string): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => this.minutesView(tx, await this.meeting(tx, ctx.actor, id, 'DECIDE', audit), audit, []));
  }

  /** Saves the draft: attendance and each item's decision, checked against the person's status now. */
  draftMinutes(ctx: AuditContext, id: string, dto: MinutesDto): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'DECIDE', audit, true);
      requireMinutesDraftable(m.status);
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const badAuthority = dto.attendance.find((a) => !forum.memberAuthorityIds.includes(a.authorityId));
      if (badAuthority) throw new RuleViolationError(`attendance: authority ${badAuthority.authorityId} is not a member of the forum`);
      const meetingDate = copenhagenDate(new Date(m.starts_at));
      const items: { id: string; fokusperson_id: string; position: number; status: string }[] = await tx.query(
        `SELECT i.id, i.fokusperson_id, i.position, p.status FROM meeting_item i JOIN fokusperson p ON p.id = i.fokusperson_id WHERE i.meeting_id = $1 AND NOT i.removed`,
        [id],
      );
      const byId = new Map(items.map((i) => [i.id, i]));
      const seen = new Set<string>();
      await tx.query(`UPDATE meeting_item SET decision = NULL, next_review_date = NULL, key_id = NULL, minutes_ciphertext = NULL WHERE meeting_id = $1`, [id]);
      for (const [n, d] of dto.items.entries()) {
        const item = byId.get(d.itemId);
        if (!item) throw new RuleViolationError(`items[${n}]: ${d.itemId} is not on this meeting’s agenda; add the person to the case list before the agenda is locked, or take it up at the next meeting`);
        if (seen.has(d.itemId)) throw new RuleViolationError(`items[${n}]: item ${d.itemId} has two decisions`);
        seen.add(d.itemId);
        const label = `items[${n}] (agenda item ${item.position})`;
        decideAgendaItem(item.status as never, { decision: d.decision, stepCount: d.steps?.length ?? 0, nextReviewDate: d.nextReviewDate ?? null }, meetingDate, label);
        for (const [k, s] of (d.steps ?? []).entries()) {
          validateDueDate(s.dueDate, new Date());
          if (!forum.memberAuthorityIds.includes(s.ownerAuthorityId)) throw new RuleViolationError(`${label} steps[${k}]: ownerAuthorityId must be one of the forum’s member authorities`);
          await this.steps.requireAssignee(tx, s.assigneeUserId, s.ownerAuthorityId, `${label} steps[${k}]: `);
        }
        const secret: ItemMinutes = { reason: d.reason, note: d.note ?? null, steps: d.steps ?? [] };
        const keyId = this.cipher.activeKeyId;
        await tx.query(`UPDATE meeting_item SET decision = $2, next_review_date = $3, key_id = $4, minutes_ciphertext = $5 WHERE id = $1`, [
          d.itemId,
          d.decision,
          d.nextReviewDate ?? null,
          keyId,
          this.cipher.encrypt(JSON.stringify(secret), minutesAad(d.itemId), keyId),
        ]);
        audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, fokuspersonId: item.fokusperson_id, detail: `draft decision ${d.decision}` });
      }
      await tx.query(`UPDATE meeting SET attendance = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, JSON.stringify(dto.attendance)]);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: 'minutes draft saved' });
      return this.minutesView(tx, { ...m, attendance: dto.attendance }, audit, []);
    });
  }

  /**
   * Approves and locks the minutes in one transaction: each decision changes the register by its
   * rules (retention starts for a rejected or closed person), agreed steps join a new version of
   * the helhedsplan and their workflows start, and review dates are set. Undecided items carry over.
   */
  approveMinutes(ctx: AuditContext, id: string): Promise<MinutesView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'DECIDE', audit, true);
      if (m.status === 'MINUTES_APPROVED') throw new ConflictError('The minutes are already approved and locked');
      const started = new Date(m.starts_at) <= new Date();
      if (!(m.status === 'HELD' || (m.status === 'AGENDA_LOCKED' && started))) {
        throw new ConflictError(`Minutes are approved after the meeting has taken place; this meeting is ${m.status}${started ? '' : ` and starts ${new Date(m.starts_at).toISOString()}`}`);
      }
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const meetingDate = copenhagenDate(new Date(m.starts_at));
      const policy = { ...DEFAULT_MEETING_POLICY, ...(m.meeting_policy ?? {}) };
      const items: { id: string; fokusperson_id: string; position: number; decision: ItemDecision; next_review_date: string | null; key_id: string; minutes_ciphertext: Buffer }[] =
        await tx.query(
          `SELECT id, fokusperson_id, position, decision, to_char(next_review_date, 'YYYY-MM-DD') AS next_review_date, key_id, minutes_ciphertext
             FROM meeting_item WHERE meeting_id = $1 AND NOT removed AND decision IS NOT NULL ORDER BY position`,
          [id],
        );
      const startedStepIds: string[] = [];
      for (const item of items) {
        const minutes = JSON.parse(this.cipher.decrypt(item.minutes_ciphertext, minutesAad(item.id), item.key_id)) as ItemMinutes;
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
        if (item.decision !== 'CARRY_OVER') await tx.query(`UPDATE fokusperson SET next_review_date = $2 WHERE id = $1`, [row.id, review]);
        if (minutes.steps.length > 0) {
          const plan = await this.steps.newVersion(tx, ctx, row.id, undefined, `Aftalt på PSP-mødet ${meetingDate}`, id);
          for (const [k, s] of minutes.steps.entries()) {
            startedStepIds.push(await this.steps.createStep(tx, audit, { fokuspersonId: row.id, forumId: m.forum_id, memberAuthorityIds: forum.memberAuthorityIds }, plan, s, `${label} steps[${k}]: `));
          }
        }
      }
      await tx.query(`UPDATE meeting SET status = 'MINUTES_APPROVED', approved_at = now(), approved_by_user_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
        id,
        ctx.actor.userId,
      ]);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: `minutes approved: ${items.length} decisions, ${startedStepIds.length} steps` });
      await this.wake(id);
      const [approved] = await tx.query(`SELECT approved_at FROM meeting WHERE id = $1`, [id]);
      return this.minutesView(tx, { ...m, status: 'MINUTES_APPROVED', approved_at: approved.approved_at }, audit, startedStepIds, 'unlogged');
    });
  }

  // ---- exports ----

  async invite(actor: Actor, id: string): Promise<string> {
    const m = await this.meeting(this.dataSource.manager, actor, id, 'VIEW');
    const members: { display_name: string; email: string }[] = await this.dataSource.query(
      `SELECT u.display_name, u.email FROM forum_member fm JOIN app_user u ON u.id = fm.user_id WHERE fm.forum_id = $1 AND u.active ORDER BY u.id`,
      [m.forum_id],
    );
    // The worker's e-mailed invite is built by the same function: same UID, SEQUENCE and ORGANIZER.
    return forumMeetingInvite({
      meetingId: m.id,
      forumName: m.forum_name,
      startsAt: new Date(m.starts_at),
      durationMinutes: m.duration_minutes,
      location: m.location,
      sequence: m.invite_sequence,
      cancelled: m.status === 'CANCELLED',
      members: members.map((u) => ({ name: u.display_name, email: u.email })),
      webBaseUrl: this.config.webBaseUrl,
    });
  }

  agendaPdf(ctx: AuditContext, id: string): Promise<Buffer> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'PREPARE', audit);
      const items = await this.items(tx, id, audit);
      return agendaPdf({
        forumName: m.forum_name,
        startsAt: new Date(m.starts_at),
        location: m.location,
        status: m.status,
        items: items.map((i) => ({
          position: i.position,
          title: itemTitle(i.name),
          reasons: i.reasons,
          status: i.status,
          leadAuthority: i.leadAuthority?.name ?? null,
          openSteps: i.openSteps,
          overdueSteps: i.overdueSteps,
          blockedSteps: i.blockedSteps,
        })),
      });
    });
  }

  minutesPdf(ctx: AuditContext, id: string): Promise<Buffer> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await this.meeting(tx, ctx.actor, id, 'DECIDE', audit);
      const view = await this.minutesView(tx, m, audit, []);
      const authorities: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM authority`);
      const users: { id: string; display_name: string }[] = await tx.query(`SELECT id, display_name FROM app_user`);
      const authorityName = (aid: string) => authorities.find((a) => a.id === aid)?.name ?? aid;
      return minutesPdf({
        forumName: m.forum_name,
        startsAt: new Date(m.starts_at),
        approvedAt: m.approved_at ? new Date(m.approved_at) : null,
        attendance: view.attendance.map((a) => ({ authority: authorityName(a.authorityId), present: a.present, attendees: a.attendees ?? null })),
        items: view.items.map((i) => ({
          position: i.position,
          title: itemTitle(i.name),
          decision: i.decision ?? 'Ingen beslutning (videreføres)',
          note: [i.reason, i.note].filter(Boolean).join(' — ') || null,
          nextReviewDate: i.nextReviewDate,
          steps: i.steps.map((s) => ({
            description: s.description,
            ownerAuthority: authorityName(s.ownerAuthorityId),
            assignee: users.find((u) => u.id === s.assigneeUserId)?.display_name ?? s.assigneeUserId,
            dueDate: s.dueDate,
          })),
        })),
      });
    });
  }

  // ---- helpers ----

  /** The forum, if the caller may do `access` on its meetings (a refusal: 404 to non-members, else 403). */
  private async forum(tx: EntityManager, actor: Actor, forumId: string, access: MeetingAccess, forUpdate = false) {
    const [forum] = await tx.query(
      `SELECT f.id, f.cadence, f.meeting_policy, f.schedule_paused, EXISTS (SELECT 1 FROM forum_member WHERE forum_id = f.id AND user_id = $2) AS is_member
         FROM forum f WHERE f.id = $1 AND f.active ${forUpdate ? 'FOR UPDATE OF f' : ''}`,
      [forumId, actor.userId],
    );
    return requireNeedToKnow(actor, {
      record: forum as { id: string; cadence: Cadence | null; meeting_policy: Partial<MeetingPolicy> | null; schedule_paused: boolean; is_member: boolean } | undefined,
      kind: 'Forum',
      id: forumId,
      facts: (f) => ({ forumId: f.id, actorIsMember: f.is_member }),
      decide: (a, f) => decideMeetingAccess(a, access, f.id),
    });
  }

  /** The meeting, if the caller may do `access` on it; with an audit recorder the refusal is logged. */
  private async meeting(tx: EntityManager, actor: Actor, id: string, access: MeetingAccess, audit?: AuditRecorder, forUpdate = false): Promise<MeetingRow> {
    const [m] = (await tx.query(
      `SELECT m.id, m.forum_id, f.name AS forum_name, to_char(m.planned_date, 'YYYY-MM-DD') AS planned_date, m.starts_at, m.duration_minutes, m.location,
              m.status, m.invite_sequence, m.cancel_reason, m.attendance, m.approved_at, f.meeting_policy,
              EXISTS (SELECT 1 FROM forum_member fm WHERE fm.forum_id = m.forum_id AND fm.user_id = $2) AS is_member,
              (SELECT count(*)::int FROM meeting_item i WHERE i.meeting_id = m.id AND NOT i.removed) AS item_count
         FROM meeting m JOIN forum f ON f.id = m.forum_id WHERE m.id = $1 ${forUpdate ? 'FOR UPDATE OF m' : ''}`,
      [id, actor.userId],
    )) as MeetingRow[];
    return requireNeedToKnow(actor, {
      record: m,
      kind: 'Meeting',
      id,
      facts: (r) => ({ forumId: r.forum_id, actorIsMember: r.is_member }),
      decide: (a, r) => decideMeetingAccess(a, access, r.forum_id),
      audit,
      logged: () => ({ resourceType: 'Meeting', resourceId: id }),
    });
  }

  /** The case list with live facts; each person shown is one logged use. */
  private async items(tx: EntityManager, meetingId: string, audit: AuditRecorder): Promise<CaseListItemView[]> {
    const rows = await caseListRepository.load(tx, meetingId, new Date());
    if (rows.length === 0) audit.use({ resourceType: 'CaseList', resourceId: meetingId, detail: 'empty case list' });
    return rows.map((r) => {
      audit.use({ resourceType: 'CaseList', resourceId: meetingId, fokuspersonId: r.fokusperson_id });
      return this.itemView(r);
    });
  }

  private itemView(r: CaseListRow): CaseListItemView {
    return {
      itemId: r.item_id,
      position: r.position,
      fokuspersonId: r.fokusperson_id,
      name: decryptName(this.cipher, r.fokusperson_id, r.key_id, r.name_ciphertext),
      status: r.status,
      reasons: r.reasons,
      leadAuthority: r.lead_authority_id ? { id: r.lead_authority_id, name: r.lead_authority_name ?? '' } : null,
      openSteps: r.open_steps,
      overdueSteps: r.overdue_steps,
      blockedSteps: r.blocked_steps,
    };
  }

  /**
   * The minutes as the caller sees them; each person in them is logged. `unlogged`: only those this
   * request has not logged already (approving logs each decided person's change, and reads the rest).
   */
  private async minutesView(tx: EntityManager, m: MeetingRow, audit: AuditRecorder, startedStepIds: string[], log: 'all' | 'unlogged' = 'all'): Promise<MinutesView> {
    const rows = await caseListRepository.load(tx, m.id, new Date());
    const logged = new Set(log === 'unlogged' ? audit.allowed.map((e) => e.fokuspersonId) : []);
    const items: MinutesItemView[] = rows.map((r) => {
      if (log === 'all') audit.use({ resourceType: 'Minutes', resourceId: m.id, fokuspersonId: r.fokusperson_id });
      else if (!logged.has(r.fokusperson_id)) audit.use({ action: 'READ', resourceType: 'Minutes', resourceId: m.id, fokuspersonId: r.fokusperson_id, detail: 'undecided item in the approved minutes' });
      const minutes = r.minutes_key_id && r.minutes_ciphertext ? (JSON.parse(this.cipher.decrypt(r.minutes_ciphertext, minutesAad(r.item_id), r.minutes_key_id)) as ItemMinutes) : null;
      return {
        ...this.itemView(r),
        decision: r.decision as ItemDecision | null,
        reason: minutes?.reason ?? null,
        note: minutes?.note ?? null,
        nextReviewDate: r.next_review_date,
        steps: minutes?.steps ?? [],
      };
    });
    if (log === 'all' && rows.length === 0) audit.use({ resourceType: 'Minutes', resourceId: m.id, detail: 'no agenda items' });
    return {
      meetingId: m.id,
      status: m.status,
      attendance: m.attendance,
      items,
      approvedAt: m.approved_at ? new Date(m.approved_at).toISOString() : null,
      startedStepIds,
    };
  }

  private view(m: MeetingRow, nextEvent: MeetingView['nextEvent']): MeetingView {
    return {
      id: m.id,
      forumId: m.forum_id,
      forumName: m.forum_name,
      plannedDate: m.planned_date,
      startsAt: new Date(m.starts_at).toISOString(),
      durationMinutes: m.duration_minutes,
      location: m.location,
      status: m.status,
      inviteSequence: m.invite_sequence,
      cancelReason: m.cancel_reason,
      itemCount: m.item_count,
      nextEvent,
    };
  }

  private futureTime(value: string): Date {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw new ValidationError('startsAt must be an ISO 8601 time');
    if (at <= new Date()) throw new RuleViolationError(`startsAt ${value} is in the past`);
    return at;
  }

  /** Tells the meeting's workflow to re-read the meeting (and starts it if it is missing). */
  private async wake(id: string): Promise<void> {
    await this.temporal.workflow.signalWithStart(WORKFLOWS.meeting, {
      workflowId: meetingWorkflowId(id),
      taskQueue: this.config.temporal.taskQueue,
      args: [{ meetingId: id } satisfies MeetingWorkflowInput],
      signal: MEETING_CHANGED_SIGNAL,
    });
  }

  private async nextEvent(id: string): Promise<MeetingView['nextEvent']> {
    try {
      return (await this.temporal.workflow.getHandle(meetingWorkflowId(id)).query<MeetingWorkflowState>(MEETING_QUERY)).nextEvent;
    } catch {
      return null; // a finished meeting has no next event; a query needs a running worker
    }
  }
}

/** A person's title in the agenda and minutes PDFs; a name stored blank before names were trimmed still renders. */
function itemTitle(name: string | null): string {
  return name === null ? 'Anonymiseret' : name.trim() || 'Uden navn';
}
