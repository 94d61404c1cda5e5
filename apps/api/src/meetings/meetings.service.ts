import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  meetingPolicyOf,
  nextMeetingStatus,
  NotFoundError,
  requireEditableAgenda,
  requirePreparationWindow,
  RuleViolationError,
  ValidationError,
  type Actor,
} from '@psp/domain';
import { caseListRepository, FieldCipher, meetingItemRepository, meetingRepository, type MeetingRow } from '@psp/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { agendaView } from './case-list-view';
import { forumFor, meetingFor } from './meeting-access';
import { MeetingWorkflows } from './meeting-workflows';
import type { AddItemDto, AgendaView, CancelMeetingDto, MeetingsQuery, MeetingView, NewMeetingDto, ReorderDto, RescheduleDto } from './meetings.dto';

/**
 * PSP meetings and their case lists. Meeting facts live in the database; each change signals the
 * meeting's workflow, which owns the timers. The case list shows citizens: it runs in an audited
 * transaction, logged per person.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(MeetingWorkflows) private readonly workflows: MeetingWorkflows,
  ) {}

  // ---- meetings ----

  async list(actor: Actor, forumId: string, query: MeetingsQuery): Promise<MeetingView[]> {
    const db = this.dataSource.manager;
    await forumFor(db, actor, forumId, 'VIEW');
    const ids = await meetingRepository.listIds(db, forumId, (query.when ?? 'upcoming') === 'upcoming', query.limit ?? 20);
    const views: MeetingView[] = [];
    for (const id of ids) views.push(view(await meetingFor(db, actor, id, 'VIEW'), null));
    return views;
  }

  /** An extra meeting besides the cadence, far enough ahead for the preparation window; its workflow starts with it. */
  create(actor: Actor, forumId: string, dto: NewMeetingDto): Promise<MeetingView> {
    const startsAt = futureTime(dto.startsAt);
    return this.dataSource.transaction(async (tx) => {
      const forum = await forumFor(tx, actor, forumId, 'PLAN');
      const policy = meetingPolicyOf(forum.meeting_policy);
      requirePreparationWindow(startsAt, new Date(), policy);
      const id = randomUUID();
      await meetingRepository.insertExtra(tx, { id, forumId, startsAt, durationMinutes: policy.durationMinutes, location: dto.location ?? null });
      await this.workflows.start(id);
      return view(await meetingFor(tx, actor, id, 'VIEW'), null);
    });
  }

  async get(actor: Actor, id: string): Promise<MeetingView> {
    const m = await meetingFor(this.dataSource.manager, actor, id, 'VIEW');
    return view(m, await this.workflows.nextEvent(id));
  }

  reschedule(actor: Actor, id: string, dto: RescheduleDto): Promise<MeetingView> {
    const startsAt = futureTime(dto.startsAt);
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'RESCHEDULE');
      // Before the lock, the move must leave the window that began when the meeting was created.
      if (m.status === 'PLANNED') requirePreparationWindow(startsAt, new Date(m.created_at), meetingPolicyOf(m.meeting_policy));
      await meetingRepository.reschedule(tx, id, startsAt);
    });
  }

  cancel(actor: Actor, id: string, dto: CancelMeetingDto): Promise<MeetingView> {
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'CANCEL');
      await meetingRepository.cancel(tx, id, dto.reason);
    });
  }

  /** Locks the agenda before its time (the case list is brought up to date one last time); the invite goes out. */
  lock(actor: Actor, id: string): Promise<MeetingView> {
    return this.change(actor, id, async (tx, m) => {
      nextMeetingStatus(m.status, 'LOCK');
      await meetingRepository.lockAgenda(tx, id, new Date());
    });
  }

  private async change(actor: Actor, id: string, work: (tx: EntityManager, m: MeetingRow) => Promise<void>): Promise<MeetingView> {
    await this.dataSource.transaction(async (tx) => {
      const m = await meetingFor(tx, actor, id, 'PLAN', undefined, true);
      await work(tx, m);
      await this.workflows.wake(id); // inside the transaction: if Temporal refuses, nothing changes
    });
    return this.get(actor, id);
  }

  // ---- the case list ----

  agenda(ctx: AuditContext, id: string): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'PREPARE', audit);
      if (m.status === 'PLANNED') await caseListRepository.refresh(tx, id, new Date());
      return agendaView(tx, this.cipher, m, audit);
    });
  }

  addItem(ctx: AuditContext, id: string, dto: AddItemDto): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const status = await meetingItemRepository.personStatus(tx, dto.fokuspersonId, m.forum_id);
      if (!status) throw new RuleViolationError(`fokuspersonId ${dto.fokuspersonId} is not a fokusperson of this forum`);
      if (status !== 'NOMINATED' && status !== 'ACTIVE') throw new ConflictError(`Only nominated or active persons go on the case list; this one is ${status}`);
      await meetingItemRepository.addByCoordinator(tx, id, dto.fokuspersonId);
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, fokuspersonId: dto.fokuspersonId, detail: 'added to the case list' });
      return agendaView(tx, this.cipher, m, audit);
    });
  }

  removeItem(ctx: AuditContext, id: string, itemId: string): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const fokuspersonId = await meetingItemRepository.remove(tx, id, itemId);
      if (!fokuspersonId) throw new NotFoundError('Agenda item', itemId);
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, fokuspersonId, detail: 'removed from the case list' });
      return agendaView(tx, this.cipher, m, audit);
    });
  }

  reorder(ctx: AuditContext, id: string, dto: ReorderDto): Promise<AgendaView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'PREPARE', audit, true);
      requireEditableAgenda(m.status);
      const known = new Set(await meetingItemRepository.itemIds(tx, id));
      if (dto.itemIds.length !== known.size || new Set(dto.itemIds).size !== dto.itemIds.length || !dto.itemIds.every((i) => known.has(i))) {
        throw new RuleViolationError(`itemIds must list each of the case list's ${known.size} items exactly once`);
      }
      await meetingItemRepository.reorder(tx, id, dto.itemIds);
      audit.use({ action: 'UPDATE', resourceType: 'CaseList', resourceId: id, detail: 'case list reordered' });
      return agendaView(tx, this.cipher, m, audit);
    });
  }
}

function view(m: MeetingRow, nextEvent: MeetingView['nextEvent']): MeetingView {
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

function futureTime(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new ValidationError('startsAt must be an ISO 8601 time');
  if (at <= new Date()) throw new RuleViolationError(`startsAt ${value} is in the past`);
  return at;
}
