import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_LIST_REASONS, MEETING_START_PATTERN, MEETING_STATUSES, type CaseListReason, type MeetingStatus } from '@psp/domain';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { MultilineText, OmitOrValidate, QueryInt, TextLength } from '../common/validation';

const START = new RegExp(MEETING_START_PATTERN);
const START_MESSAGE = 'startsAt must be a date-time with seconds and offset from 2020 to 2099, e.g. 2027-01-12T09:00:00+01:00';

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

export class MeetingsQuery {
  @ApiPropertyOptional({
    enum: ['upcoming', 'past'],
    default: 'upcoming',
    description:
      'upcoming: the meetings not yet held (PLANNED or AGENDA_LOCKED, whatever their time, until the meeting is marked HELD at its start) and cancelled ones whose start is still ahead, soonest first. ' +
      'past: the meetings held (HELD, MINUTES_APPROVED) and cancelled ones whose start has passed, latest first.',
  })
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
