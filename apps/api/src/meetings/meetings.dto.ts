import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CALENDAR_DATE_PATTERN,
  CASE_LIST_REASONS,
  ITEM_DECISIONS,
  MEETING_START_PATTERN,
  MEETING_STATUSES,
  TIME_OF_DAY_PATTERN,
  type CaseListReason,
  type ItemDecision,
  type MeetingStatus,
} from '@psp/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { NewStepDto } from '../steps/steps.dto';
import { MultilineText, OmitOrValidate, QueryInt, SchemaRule, TextLength } from '../common/validation';

/** A date a person sets: a real date of 2020-2099 (libs/domain CALENDAR_DATE), exactly YYYY-MM-DD. */
const DATE = new RegExp(CALENDAR_DATE_PATTERN);
const TIME = new RegExp(TIME_OF_DAY_PATTERN);
const START = new RegExp(MEETING_START_PATTERN);
const START_MESSAGE = 'startsAt must be a date-time with seconds and offset from 2020 to 2099, e.g. 2027-01-12T09:00:00+01:00';

/** What each kind needs: EVERY_N_WEEKS a period, a weekday and a start date; DATES at least one date. */
@SchemaRule({
  oneOf: [
    {
      properties: { kind: { type: 'string', enum: ['EVERY_N_WEEKS'] }, everyWeeks: { type: 'integer' }, weekday: { type: 'integer' }, startDate: { type: 'string' } },
      required: ['everyWeeks', 'weekday', 'startDate'],
    },
    { properties: { kind: { type: 'string', enum: ['DATES'] }, dates: { type: 'array', minItems: 1 } }, required: ['dates'] },
  ],
})
export class CadenceDto {
  @ApiProperty({ enum: ['EVERY_N_WEEKS', 'DATES'] })
  @IsIn(['EVERY_N_WEEKS', 'DATES'], { message: 'cadence.kind must be EVERY_N_WEEKS or DATES' })
  kind!: 'EVERY_N_WEEKS' | 'DATES';

  @ApiProperty({ example: '09:00', description: 'Copenhagen time of day' })
  @Matches(TIME, { message: 'cadence.time must be HH:MM (24-hour)' })
  time!: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 52, description: 'EVERY_N_WEEKS: weeks between meetings' })
  @IsOptional()
  @IsInt({ message: 'cadence.everyWeeks must be a whole number' })
  @Min(1, { message: 'cadence.everyWeeks must be at least 1' })
  @Max(52, { message: 'cadence.everyWeeks must be at most 52' })
  everyWeeks?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5, description: 'EVERY_N_WEEKS: 1 (Monday) to 5 (Friday)' })
  @IsOptional()
  @IsInt({ message: 'cadence.weekday must be a whole number' })
  @Min(1, { message: 'cadence.weekday must be 1 (Monday) to 5 (Friday)' })
  @Max(5, { message: 'cadence.weekday must be 1 (Monday) to 5 (Friday)' })
  weekday?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-01-05', description: 'EVERY_N_WEEKS: the first meeting is the weekday on or after this date' })
  @IsOptional()
  @Matches(DATE, { message: 'cadence.startDate must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-12-31', description: 'EVERY_N_WEEKS: no meetings after this date' })
  @IsOptional()
  @Matches(DATE, { message: 'cadence.until must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  until?: string | null;

  @ApiPropertyOptional({ type: String, isArray: true, nullable: true, description: 'DATES: the meeting dates' })
  @IsOptional()
  @IsArray({ message: 'cadence.dates must be a list' })
  @ArrayMaxSize(100, { message: 'cadence.dates may hold at most 100 dates' })
  @Matches(DATE, { each: true, message: 'each of cadence.dates must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  dates?: string[] | null;
}

export class MeetingPolicyDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60 }) @IsOptional() @IsInt({ message: 'prepareDaysBefore must be a whole number' }) prepareDaysBefore?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 59 }) @IsOptional() @IsInt({ message: 'lockDaysBefore must be a whole number' }) lockDaysBefore?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 20 }) @IsOptional() @IsInt({ message: 'minutesReminderBusinessDaysAfter must be a whole number' }) minutesReminderBusinessDaysAfter?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 15, maximum: 480 }) @IsOptional() @IsInt({ message: 'durationMinutes must be a whole number' }) durationMinutes?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 7, maximum: 730 }) @IsOptional() @IsInt({ message: 'reviewIntervalDays must be a whole number' }) reviewIntervalDays?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 23 }) @IsOptional() @IsInt({ message: 'sendAtHour must be a whole number' }) sendAtHour?: number;
}

export class ScheduleDto {
  @ApiProperty({ type: CadenceDto })
  @ValidateNested()
  @Type(() => CadenceDto)
  cadence!: CadenceDto;

  @ApiPropertyOptional({ type: MeetingPolicyDto, description: 'Timeline and review interval; defaults when left out' })
  @OmitOrValidate()
  @ValidateNested()
  @Type(() => MeetingPolicyDto)
  meetingPolicy?: MeetingPolicyDto;
}

export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 30, default: 2, description: 'Remind an unacknowledged assignee after this many business days' })
  @IsOptional()
  @IsInt({ message: 'acknowledgeAfterBusinessDays must be a whole number' })
  acknowledgeAfterBusinessDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, isArray: true, maxItems: 6, uniqueItems: true, default: [5, 1], description: 'Due reminders this many business days before the due date' })
  @IsOptional()
  @IsArray({ message: 'dueRemindersBusinessDaysBefore must be a list' })
  @IsInt({ each: true, message: 'each of dueRemindersBusinessDaysBefore must be a whole number' })
  dueRemindersBusinessDaysBefore?: number[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, default: 5, description: 'Re-escalate an overdue step every this many business days' })
  @IsOptional()
  @IsInt({ message: 'reEscalateEveryBusinessDays must be a whole number' })
  reEscalateEveryBusinessDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 23, default: 8, description: 'Copenhagen hour at which date-based notices go out' })
  @IsOptional()
  @IsInt({ message: 'sendAtHour must be a whole number' })
  sendAtHour?: number;
}

export class PauseDto {
  @ApiProperty({ description: 'true pauses the forum’s schedule (no new meetings are planned); false resumes it' })
  @IsBoolean({ message: 'paused must be true or false' })
  paused!: boolean;
}

export class NewMeetingDto {
  @ApiProperty({ example: '2027-01-12T09:00:00+01:00', format: 'date-time', description: 'Start: a date-time with seconds and offset, 2020-2099; in the future' })
  @IsString({ message: START_MESSAGE })
  @Matches(START, { message: START_MESSAGE })
  startsAt!: string;

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsString({ message: 'location must be text' })
  @TextLength(1, 200, { message: 'location must be 1-200 characters' })
  location?: string;
}

export class RescheduleDto {
  @ApiProperty({ example: '2027-01-13T09:00:00+01:00', format: 'date-time', description: 'The new start: a date-time with seconds and offset, 2020-2099; in the future' })
  @IsString({ message: START_MESSAGE })
  @Matches(START, { message: START_MESSAGE })
  startsAt!: string;

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 500, { message: 'reason must be 3-500 characters' })
  reason!: string;
}

export class CancelMeetingDto {
  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 500, { message: 'reason must be 3-500 characters' })
  reason!: string;
}

export class AddItemDto {
  @ApiProperty({ format: 'uuid', description: 'A nominated or active fokusperson of the forum' })
  @IsUUID('all', { message: 'fokuspersonId must be a UUID' })
  fokuspersonId!: string;
}

export class ReorderDto {
  @ApiProperty({ type: String, isArray: true, description: 'Every item id of the case list, in the new order' })
  @IsArray({ message: 'itemIds must be a list' })
  @ArrayMaxSize(1000, { message: 'itemIds may hold at most 1000 ids' })
  @ArrayUnique({ message: 'itemIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of itemIds must be a UUID' })
  itemIds!: string[];
}

export class AttendanceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'attendance.authorityId must be a UUID' })
  authorityId!: string;

  @ApiProperty()
  @IsBoolean({ message: 'attendance.present must be true or false' })
  present!: boolean;

  @ApiPropertyOptional({ description: 'Who attended for the authority (staff)' })
  @MultilineText()
  @OmitOrValidate()
  @IsString({ message: 'attendance.attendees must be text' })
  @TextLength(0, 500, { message: 'attendance.attendees must be at most 500 characters' })
  attendees?: string;
}

export class ItemMinutesDto {
  @ApiProperty({ format: 'uuid', description: 'An item of this meeting’s agenda' })
  @IsUUID('all', { message: 'items.itemId must be a UUID' })
  itemId!: string;

  @ApiProperty({ enum: ITEM_DECISIONS, description: 'ACCEPT/REJECT a nomination, CLOSE/REOPEN a course, CONTINUE an active one, or CARRY_OVER to the next meeting' })
  @IsIn(ITEM_DECISIONS, { message: `items.decision must be one of ${ITEM_DECISIONS.join(', ')}` })
  decision!: ItemDecision;

  @ApiProperty({ description: 'Why (kept with the decision)' })
  @MultilineText()
  @IsString({ message: 'items.reason is required' })
  @TextLength(3, 2000, { message: 'items.reason must be 3-2000 characters' })
  reason!: string;

  @ApiPropertyOptional({ description: 'What was discussed' })
  @MultilineText()
  @OmitOrValidate()
  @IsString({ message: 'items.note must be text' })
  @TextLength(0, 4000, { message: 'items.note must be at most 4000 characters' })
  note?: string;

  @ApiPropertyOptional({ example: '2027-04-12', description: 'Next review; default the forum’s review interval after the meeting' })
  @OmitOrValidate()
  @Matches(DATE, { message: 'items.nextReviewDate must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  nextReviewDate?: string;

  @ApiPropertyOptional({ type: NewStepDto, isArray: true, description: 'Steps agreed for the helhedsplan' })
  @OmitOrValidate()
  @IsArray({ message: 'items.steps must be a list' })
  @ArrayMaxSize(30, { message: 'items.steps may hold at most 30 steps' })
  @ValidateNested({ each: true })
  @Type(() => NewStepDto)
  steps?: NewStepDto[];
}

export class MinutesDto {
  @ApiProperty({ type: AttendanceDto, isArray: true })
  @IsArray({ message: 'attendance must be a list' })
  @ArrayMaxSize(50, { message: 'attendance may hold at most 50 authorities' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance!: AttendanceDto[];

  @ApiProperty({ type: ItemMinutesDto, isArray: true })
  @IsArray({ message: 'items must be a list' })
  @ArrayMinSize(0)
  @ArrayMaxSize(1000, { message: 'items may hold at most 1000 decisions' })
  @ValidateNested({ each: true })
  @Type(() => ItemMinutesDto)
  items!: ItemMinutesDto[];
}

export class SchedulePreview {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: CadenceDto, nullable: true }) cadence!: CadenceDto | null;
  @ApiProperty({ type: MeetingPolicyDto }) meetingPolicy!: MeetingPolicyDto;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, isArray: true, description: 'The next meeting starts (ISO), holidays moved' }) upcoming!: string[];
}

export class MeetingEventView {
  @ApiProperty({ enum: ['PREPARE', 'LOCK', 'HOLD', 'MINUTES_REMINDER'] }) kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AuthorityRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty() forumName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The cadence date (null for an extra meeting)' }) plannedDate!: string | null;
  @ApiProperty() startsAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty() inviteSequence!: number;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ description: 'Items on the case list' }) itemCount!: number;
  @ApiProperty({ type: MeetingEventView, nullable: true, description: 'The next timeline event (from the meeting workflow)' }) nextEvent!: MeetingEventView | null;
}

export class CaseListItemView {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: CASE_LIST_REASONS, isArray: true }) reasons!: CaseListReason[];
  @ApiProperty({ type: AuthorityRef, nullable: true }) leadAuthority!: AuthorityRef | null;
  @ApiProperty() openSteps!: number;
  @ApiProperty() overdueSteps!: number;
  @ApiProperty() blockedSteps!: number;
}

export class AgendaView {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty({ type: CaseListItemView, isArray: true }) items!: CaseListItemView[];
}

export class MinutesItemView extends CaseListItemView {
  @ApiProperty({ nullable: true, enum: ITEM_DECISIONS }) decision!: ItemDecision | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextReviewDate!: string | null;
  @ApiProperty({ type: NewStepDto, isArray: true }) steps!: NewStepDto[];
}

export class MinutesView {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty({ type: AttendanceDto, isArray: true }) attendance!: AttendanceDto[];
  @ApiProperty({ type: MinutesItemView, isArray: true }) items!: MinutesItemView[];
  @ApiProperty({ type: String, nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'Steps started when the minutes were approved' }) startedStepIds!: string[];
}

export class MeetingsQuery {
  @ApiPropertyOptional({ enum: ['upcoming', 'past'], default: 'upcoming' })
  @IsOptional()
  @IsIn(['upcoming', 'past'], { message: 'when must be upcoming or past' })
  when?: 'upcoming' | 'past';

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must be at most 100' })
  limit?: number;
}
