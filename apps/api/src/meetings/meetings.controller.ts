import { Body, Controller, Delete, Get, Header, HttpCode, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@psp/domain';
import { Audit, type AuditContext } from '../audit/audit-context';
import { NoPersonalData, PersonalData } from '../audit/personal-data.decorator';
import { ApiRuleViolation, UuidParam } from '../common/validation';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';
import { AssigneeAuthorityView } from './forum-assignees.dto';
import { ForumAssigneesService } from './forum-assignees.service';
import { ForumScheduleService } from './forum-schedule.service';
import { MeetingExportsService } from './meeting-exports.service';
import { AddItemDto, AgendaView, CancelMeetingDto, MeetingsQuery, MeetingView, NewMeetingDto, ReorderDto, RescheduleDto } from './meetings.dto';
import { MeetingsService } from './meetings.service';
import { MinutesDto, MinutesView, ApprovalPreview } from './minutes.dto';
import { MinutesService } from './minutes.service';
import { ApproveMinutes } from '../use-cases/approve-minutes';
import { ForumOverview } from '../use-cases/forum-overview';
import { ForumOverviewView } from './forum-overview.dto';
import { PauseDto, ReminderPolicyDto, ScheduleDto, SchedulePreview } from './schedule.dto';

const FORUM_HIDDEN = 'Unknown forum, or the caller is neither a member of it nor a caseworker or supervisor of one of its member authorities';
const MEETING_HIDDEN = 'Unknown meeting, or the caller is neither a member of its forum nor a caseworker or supervisor of one of the forum’s member authorities';
const MEMBERS = ['COORDINATOR', 'CASEWORKER', 'SUPERVISOR'] as const;
/** Who sees a forum's meetings (libs/domain decideMeetingAccess, VIEW). */
const VIEWERS = 'members of the forum, and caseworkers and supervisors of its member authorities';

@ApiTags('meetings')
@ApiBadRequestResponse({ description: 'Malformed input; the message names it' })
@ApiNotFoundResponse({ description: FORUM_HIDDEN })
@Controller('api/v1/forums/:forumId')
export class ForumMeetingsController {
  constructor(
    private readonly schedule: ForumScheduleService,
    private readonly meetings: MeetingsService,
    private readonly forumOverview: ForumOverview,
    private readonly assignees: ForumAssigneesService,
  ) {}

  @Get('overview')
  @Access('The forum at a glance: the next meeting and the days until its agenda locks, persons by status, nominations waiting, plans with overdue or blocked steps (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'READ', 'FokuspersonList', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiOkResponse({ type: ForumOverviewView })
  @ApiNotFoundResponse({ description: 'Unknown, or a forum the caller is not a member of' })
  overview(@Audit() ctx: AuditContext, @UuidParam('forumId') forumId: string) {
    return this.forumOverview.get(ctx, forumId);
  }

  @Get('assignees')
  @Access('The forum’s member authorities and their active caseworkers: who an agreed step can be given to (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('staff names of the forum’s member authorities; no citizen data')
  @ApiOkResponse({ type: AssigneeAuthorityView, isArray: true })
  listAssignees(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string) {
    return this.assignees.list(actor, forumId);
  }

  @Get('schedule')
  @Access(`The forum’s meeting cadence, timeline policy and next meeting dates (${VIEWERS})`, ...MEMBERS)
  @NoPersonalData('meeting dates and settings of a forum')
  @ApiOkResponse({ type: SchedulePreview })
  getSchedule(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string) {
    return this.schedule.getSchedule(actor, forumId);
  }

  @Put('schedule')
  @Access('Set the forum’s cadence and meeting policy; its Temporal Schedule is created or updated and plans at once (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting dates and settings of a forum')
  @ApiOkResponse({ type: SchedulePreview })
  @ApiRuleViolation('the cadence must yield a meeting from today on, and lockDaysBefore be fewer than prepareDaysBefore (given or kept)')
  setSchedule(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string, @Body() dto: ScheduleDto) {
    return this.schedule.setSchedule(actor, forumId, dto);
  }

  @Post('schedule/pause')
  @HttpCode(200)
  @Access('Pause or resume the forum’s schedule (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting dates and settings of a forum')
  @ApiOkResponse({ type: SchedulePreview })
  @ApiConflictResponse({ description: 'The forum has no cadence' })
  pause(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string, @Body() dto: PauseDto) {
    return this.schedule.pauseSchedule(actor, forumId, dto.paused);
  }

  @Get('reminder-policy')
  @Access('The forum’s reminder policy for helhedsplan steps (the forum’s members)', ...MEMBERS)
  @NoPersonalData('settings of a forum')
  @ApiOkResponse({ type: ReminderPolicyDto })
  getReminderPolicy(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string) {
    return this.schedule.getReminderPolicy(actor, forumId);
  }

  @Put('reminder-policy')
  @Access('Set the forum’s reminder policy for steps agreed from now on; left-out fields take the defaults (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('settings of a forum')
  @ApiOkResponse({ type: ReminderPolicyDto })
  setReminderPolicy(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string, @Body() dto: ReminderPolicyDto) {
    return this.schedule.setReminderPolicy(actor, forumId, dto);
  }

  @Get('meetings')
  @Access(`The forum’s upcoming (not yet held) or past meetings: date, place, status; no case list (${VIEWERS})`, ...MEMBERS)
  @NoPersonalData('meeting dates and status; the case list is a separate route')
  @ApiOkResponse({ type: MeetingView, isArray: true })
  list(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string, @Query() q: MeetingsQuery) {
    return this.meetings.list(actor, forumId, q);
  }

  @Post('meetings')
  @Access('Add an extra meeting besides the cadence; its workflow starts (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting dates and status')
  @ApiCreatedResponse({ type: MeetingView })
  @ApiRuleViolation('startsAt must be in the future, and after the agenda’s earliest lock: 2 business days after today at the forum’s send hour (the preparation window)')
  create(@CurrentActor() actor: Actor, @UuidParam('forumId') forumId: string, @Body() dto: NewMeetingDto) {
    return this.meetings.create(actor, forumId, dto);
  }
}

@ApiTags('meetings')
@ApiBadRequestResponse({ description: 'Malformed input; the message names it' })
@ApiNotFoundResponse({ description: MEETING_HIDDEN })
@Controller('api/v1/meetings/:id')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly minutes: MinutesService,
    private readonly approveMinutes: ApproveMinutes,
    private readonly exports: MeetingExportsService,
  ) {}

  @Get()
  @Access(`One meeting: time, place, status, invite sequence, case-list size and next timeline event (${VIEWERS})`, ...MEMBERS)
  @NoPersonalData('meeting dates and status; the case list is a separate route')
  @ApiOkResponse({ type: MeetingView })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.meetings.get(actor, id);
  }

  @Post('reschedule')
  @HttpCode(200)
  @Access('Move the meeting; timers move and an updated invite goes out if one was sent (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting dates and status')
  @ApiOkResponse({ type: MeetingView })
  @ApiConflictResponse({ description: 'The meeting has taken place or is cancelled' })
  @ApiRuleViolation('startsAt must be in the future, and (before the lock) after the agenda’s earliest lock: 2 business days after the meeting was created, at the forum’s send hour')
  reschedule(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RescheduleDto) {
    return this.meetings.reschedule(actor, id, dto);
  }

  @Post('cancel')
  @HttpCode(200)
  @Access('Cancel the meeting; a cancelling invite goes out if one was sent (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting dates and status')
  @ApiOkResponse({ type: MeetingView })
  @ApiConflictResponse({ description: 'The meeting has taken place or is cancelled' })
  cancel(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CancelMeetingDto) {
    return this.meetings.cancel(actor, id, dto);
  }

  @Post('lock')
  @HttpCode(200)
  @Access('Lock the agenda before its time; the agenda and invite go out (coordinators of the forum)', 'COORDINATOR')
  @NoPersonalData('meeting status; the case list is frozen, not shown')
  @ApiOkResponse({ type: MeetingView })
  @ApiConflictResponse({ description: 'The agenda is already locked, or the meeting is over or cancelled' })
  lock(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.meetings.lock(actor, id);
  }

  @Get('agenda')
  @Access('The case list from live data: status, lead authority and step counts per person (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'READ', 'CaseList', { alsoFor: ['PSP_COORDINATION'] })
  @ApiOkResponse({ type: AgendaView })
  agenda(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.meetings.agenda(ctx, id);
  }

  @Post('agenda/items')
  @Access('Put a nominated or active person of the forum on the case list (coordinators, before the lock)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'UPDATE', 'CaseList')
  @ApiCreatedResponse({ type: AgendaView })
  @ApiConflictResponse({ description: 'The agenda is locked, or the person is not nominated or active' })
  @ApiRuleViolation('the person must be a fokusperson of the meeting’s forum')
  addItem(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: AddItemDto) {
    return this.meetings.addItem(ctx, id, dto);
  }

  @Delete('agenda/items/:itemId')
  @Access('Take an item off the case list (coordinators, before the lock)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'UPDATE', 'CaseList')
  @ApiOkResponse({ type: AgendaView })
  @ApiConflictResponse({ description: 'The agenda is locked' })
  removeItem(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @UuidParam('itemId') itemId: string) {
    return this.meetings.removeItem(ctx, id, itemId);
  }

  @Put('agenda/order')
  @Access('Reorder the case list (coordinators, before the lock)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'UPDATE', 'CaseList')
  @ApiOkResponse({ type: AgendaView })
  @ApiConflictResponse({ description: 'The agenda is locked' })
  @ApiRuleViolation('itemIds must list each item of the case list exactly once')
  reorder(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: ReorderDto) {
    return this.meetings.reorder(ctx, id, dto);
  }

  @Get('minutes')
  @Access('The minutes: attendance and each item’s decision (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'READ', 'Minutes', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiOkResponse({ type: MinutesView })
  getMinutes(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.minutes.getMinutes(ctx, id);
  }

  @Put('minutes')
  @Access('Save the minutes draft: attendance and a decision per agenda item, checked against each person’s status (coordinators)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Minutes')
  @ApiOkResponse({ type: MinutesView })
  @ApiConflictResponse({ description: 'The minutes are approved, the agenda is not locked yet, or a decision does not fit the person’s status' })
  @ApiRuleViolation('attendance names member authorities of the forum; each decision is on an item of the agenda, once; steps and a review date only for a person who is or becomes ACTIVE; a review date after the meeting; each step’s owner a member authority, its assignee an active user of the owner, its due date not past')
  draftMinutes(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: MinutesDto) {
    return this.minutes.draftMinutes(ctx, id, dto);
  }

  @Get('minutes/approval-preview')
  @Access('What approving the minutes as saved would do: each person’s change and next review, each step with its assignee; nothing is changed (coordinators)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'READ', 'Minutes')
  @ApiOkResponse({ type: ApprovalPreview })
  @ApiConflictResponse({ description: 'The minutes are already approved' })
  approvalPreview(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.approveMinutes.preview(ctx, { meetingId: id });
  }

  @Post('minutes/approve')
  @HttpCode(200)
  @Access('Approve and lock the minutes: decisions change the register, agreed steps start, reviews are set (coordinators)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Minutes')
  @ApiOkResponse({ type: MinutesView })
  @ApiConflictResponse({ description: 'Already approved, the meeting has not taken place, or a decision no longer fits the person’s status' })
  @ApiRuleViolation('each step agreed in the minutes still has an active assignee of its owner and a due date not past; review dates after the meeting')
  approve(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.approveMinutes.execute(ctx, { meetingId: id });
  }

  @Get('invite.ics')
  @Access(`The meeting’s calendar invite (iCalendar; stable UID, current sequence) (${VIEWERS})`, ...MEMBERS)
  @NoPersonalData('meeting time, forum and participating staff; no citizen data')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="invite.ics"')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  invite(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.exports.invite(actor, id);
  }

  @Get('agenda.pdf')
  @Access('The agenda as PDF; each person on it is logged as EXPORT (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'EXPORT', 'CaseList', { alsoFor: ['PSP_COORDINATION'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  async agendaPdf(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return new StreamableFile(await this.exports.agendaPdf(ctx, id), { type: 'application/pdf', disposition: 'attachment; filename="agenda.pdf"' });
  }

  @Get('minutes.pdf')
  @Access('The minutes as PDF; each person in them is logged as EXPORT (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'EXPORT', 'Minutes', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  async minutesPdf(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return new StreamableFile(await this.exports.minutesPdf(ctx, id), { type: 'application/pdf', disposition: 'attachment; filename="minutes.pdf"' });
  }
}
