import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALENDAR_DATE_PATTERN, TIME_OF_DAY_PATTERN } from '@psp/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { OmitOrValidate, SchemaRule } from '../common/validation';

/** A date a person sets: a real date of 2020-2099 (libs/domain CALENDAR_DATE), exactly YYYY-MM-DD. */
const DATE = new RegExp(CALENDAR_DATE_PATTERN);
const TIME = new RegExp(TIME_OF_DAY_PATTERN);

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

export class UpcomingOccurrenceView {
  @ApiProperty({ example: '2026-12-24', description: 'The day the cadence gives (the meeting’s identity)' }) plannedDate!: string;
  @ApiProperty({ example: '2026-12-28', description: 'The day it is held: the planned day, or the next business day when that is a weekend, a public holiday or a day public offices close' })
  date!: string;
  @ApiProperty({ example: '2026-12-28T08:00:00.000Z', description: 'When it starts (ISO)' }) startsAt!: string;
}

export class SchedulePreview {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ description: 'The forum’s name, for the page that shows its schedule' }) forumName!: string;
  @ApiProperty({ type: CadenceDto, nullable: true }) cadence!: CadenceDto | null;
  @ApiProperty({ type: MeetingPolicyDto }) meetingPolicy!: MeetingPolicyDto;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, isArray: true, description: 'The next meeting starts (ISO), holidays moved' }) upcoming!: string[];
  @ApiProperty({ type: UpcomingOccurrenceView, isArray: true, description: 'The same meetings with the day the cadence gives and the day each is held, so a moved one can say from which day' })
  occurrences!: UpcomingOccurrenceView[];
}
