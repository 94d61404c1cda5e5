import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALENDAR_DATE_PATTERN, FOKUSPERSON_STATUSES, ITEM_DECISIONS, MEETING_STATUSES, type FokuspersonStatus, type ItemDecision, type MeetingStatus } from '@psp/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { NewStepDto } from '../steps/steps.dto';
import { MultilineText, OmitOrValidate, TextLength } from '../common/validation';
import { UserRef } from '../common/refs.dto';
import { AuthorityRef, CaseListItemView } from './meetings.dto';

/** A date a person sets: a real date of 2020-2099 (libs/domain CALENDAR_DATE), exactly YYYY-MM-DD. */
const DATE = new RegExp(CALENDAR_DATE_PATTERN);

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
  @ApiPropertyOptional({
    minimum: 0,
    description:
      'The minutes’ version this draft was made from (GET gives it). Given, the save is refused with 409 if someone saved since, so nobody’s work is overwritten; the web app always sends it',
  })
  @OmitOrValidate()
  @IsInt({ message: 'version must be a whole number (the minutes’ version your draft was made from)' })
  @Min(0, { message: 'version must be a whole number (the minutes’ version your draft was made from)' })
  version?: number;

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
  @ApiProperty({ description: 'Counted up by each save of the draft: send it with the next save' }) version!: number;
  @ApiProperty({ type: MinutesItemView, isArray: true }) items!: MinutesItemView[];
  @ApiProperty({ type: String, nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'Steps started when the minutes were approved' }) startedStepIds!: string[];
}

export class PreviewPersonView {
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once anonymised' }) name!: string | null;
  @ApiProperty({ enum: ITEM_DECISIONS }) decision!: ItemDecision;
  @ApiProperty({ enum: FOKUSPERSON_STATUSES }) fromStatus!: FokuspersonStatus;
  @ApiProperty({ enum: FOKUSPERSON_STATUSES }) toStatus!: FokuspersonStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The review date approving sets (null: none)' }) nextReviewDate!: string | null;
}

export class PreviewStepView {
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ type: AuthorityRef }) ownerAuthority!: AuthorityRef;
  @ApiProperty({ type: UserRef }) assignee!: UserRef;
  @ApiProperty() dueDate!: string;
}

export class ApprovalPreview {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ description: 'The minutes’ version this preview shows' }) version!: number;
  @ApiProperty({ type: PreviewPersonView, isArray: true, description: 'Each decided person: the change and the next review' }) persons!: PreviewPersonView[];
  @ApiProperty({ type: PreviewStepView, isArray: true, description: 'The steps that start, with their assignees' }) steps!: PreviewStepView[];
  @ApiProperty({ type: String, isArray: true, description: 'Decisions that no longer fit (approving would be refused until they are changed)' }) problems!: string[];
}
