import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  copenhagenDate,
  meetingOccurrences,
  meetingPolicyOf,
  validateCadence,
  validateMeetingPolicy,
  validateReminderPolicy,
  type Actor,
  type Cadence,
  type ReminderPolicy,
} from '@psp/domain';
import { forumScheduleRepository, type ForumScheduleRow } from '@psp/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { changesBetween, logAdminChange } from '../admin/admin-audit';
import { forumFor } from './meeting-access';
import { MeetingWorkflows } from './meeting-workflows';
import type { ScheduleDto, SchedulePreview } from './schedule.dto';

/** A forum's meeting cadence and policy (its planner Schedule follows them), and its reminder policy for steps. */
@Injectable()
export class ForumScheduleService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MeetingWorkflows) private readonly workflows: MeetingWorkflows,
  ) {}

  async getSchedule(actor: Actor, forumId: string): Promise<SchedulePreview> {
    return preview(await forumFor(this.dataSource.manager, actor, forumId, 'VIEW'));
  }

  /** Sets the cadence (and policy); the forum's Schedule is created or updated and plans at once. */
  setSchedule(actor: Actor, forumId: string, dto: ScheduleDto): Promise<SchedulePreview> {
    const cadence = validateCadence(dto.cadence as Cadence, copenhagenDate(new Date()));
    const policy = validateMeetingPolicy(dto.meetingPolicy ?? {});
    return this.dataSource
      .transaction(async (tx) => {
        const forum = await forumFor(tx, actor, forumId, 'PLAN', true);
        await forumScheduleRepository.setCadence(tx, forumId, cadence, policy);
        await logForumChange(tx, actor, forumId, changesBetween({ cadence: forum.cadence, meetingPolicy: forum.meeting_policy }, { cadence, meetingPolicy: policy }, ['cadence', 'meetingPolicy']));
        await this.workflows.upsertSchedule(forumId, forum.schedule_paused);
        return preview({ ...forum, cadence, meeting_policy: policy });
      })
      .then(async (saved) => {
        if (!saved.paused) await this.workflows.planNow(forumId);
        return saved;
      });
  }

  pauseSchedule(actor: Actor, forumId: string, paused: boolean): Promise<SchedulePreview> {
    return this.dataSource.transaction(async (tx) => {
      const forum = await forumFor(tx, actor, forumId, 'PLAN', true);
      if (!forum.cadence) throw new ConflictError('The forum has no cadence yet: set one first');
      await forumScheduleRepository.setPaused(tx, forumId, paused);
      await logForumChange(tx, actor, forumId, changesBetween({ schedulePaused: forum.schedule_paused }, { schedulePaused: paused }, ['schedulePaused']));
      await this.workflows.pauseSchedule(forumId, paused, actor.username);
      return preview({ ...forum, schedule_paused: paused });
    });
  }

  async getReminderPolicy(actor: Actor, forumId: string): Promise<ReminderPolicy> {
    await forumFor(this.dataSource.manager, actor, forumId, 'SETTINGS');
    return validateReminderPolicy((await forumScheduleRepository.reminderPolicy(this.dataSource.manager, forumId)) ?? {});
  }

  /** Applies to steps agreed from now on; a running step keeps the policy it started with. */
  setReminderPolicy(actor: Actor, forumId: string, dto: Partial<ReminderPolicy>): Promise<ReminderPolicy> {
    const policy = validateReminderPolicy(dto);
    return this.dataSource.transaction(async (tx) => {
      await forumFor(tx, actor, forumId, 'PLAN', true);
      const before = await forumScheduleRepository.reminderPolicy(tx, forumId);
      await forumScheduleRepository.setReminderPolicy(tx, forumId, policy);
      await logForumChange(tx, actor, forumId, changesBetween({ reminderPolicy: before }, { reminderPolicy: policy }, ['reminderPolicy']));
      return policy;
    });
  }
}

/** A coordinator's change of the forum's settings, in the access log like an administrator's (resource type Forum). */
function logForumChange(tx: EntityManager, actor: Actor, forumId: string, changes: ReturnType<typeof changesBetween>): Promise<void> {
  return logAdminChange(tx, { actor, requestId: null, clientAddress: null }, { action: 'UPDATE', resourceType: 'Forum', resourceId: forumId, changes }, 'PSP_COORDINATION');
}

function preview(forum: Pick<ForumScheduleRow, 'id' | 'name' | 'cadence' | 'meeting_policy' | 'schedule_paused'>): SchedulePreview {
  const occurrences = forum.cadence ? meetingOccurrences(forum.cadence, copenhagenDate(new Date()), 6) : [];
  return {
    forumId: forum.id,
    forumName: forum.name,
    cadence: forum.cadence as SchedulePreview['cadence'],
    meetingPolicy: meetingPolicyOf(forum.meeting_policy),
    paused: forum.schedule_paused,
    upcoming: occurrences.map((o) => o.startsAt.toISOString()),
    occurrences: occurrences.map((o) => ({ plannedDate: o.plannedDate, date: o.date, startsAt: o.startsAt.toISOString() })),
  };
}
