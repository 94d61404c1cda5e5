import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BLOCK_REASONS, CALENDAR_DATE_PATTERN, STEP_ACTIONS, STEP_STATUSES, type BlockReason, type StepAction } from '@psp/domain';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { NamedRef, PersonRef, UserRef } from '../common/refs.dto';
import { MultilineText, TextLength } from '../common/validation';

/** A date a person sets: a real date of 2020-2099 (libs/domain CALENDAR_DATE), exactly YYYY-MM-DD. */
const DATE = new RegExp(CALENDAR_DATE_PATTERN);

export class GoalsDto {
  @ApiProperty({ type: String, isArray: true, description: 'The plan’s goals, in order' })
  @MultilineText()
  @IsArray({ message: 'goals must be a list' })
  @ArrayMaxSize(50, { message: 'goals may hold at most 50 goals' })
  @IsString({ each: true, message: 'each goal must be text' })
  @TextLength(3, 1000, { each: true, message: 'each goal must be 3-1000 characters' })
  goals!: string[];

  @ApiProperty({ description: 'What changed and why (kept in the version history)' })
  @MultilineText()
  @IsString({ message: 'change is required' })
  @TextLength(3, 2000, { message: 'change must be 3-2000 characters' })
  change!: string;
}

export class NewStepDto {
  @ApiProperty({ description: 'The agreed action' })
  @MultilineText()
  @IsString({ message: 'description is required' })
  @TextLength(3, 2000, { message: 'description must be 3-2000 characters' })
  description!: string;

  @ApiProperty({ format: 'uuid', description: 'The authority that owns the step (a member of the forum)' })
  @IsUUID('all', { message: 'ownerAuthorityId must be a UUID' })
  ownerAuthorityId!: string;

  @ApiProperty({ format: 'uuid', description: 'A user of the owner authority' })
  @IsUUID('all', { message: 'assigneeUserId must be a UUID' })
  assigneeUserId!: string;

  @ApiProperty({ example: '2026-12-15', description: 'Copenhagen calendar date, not in the past' })
  @Matches(DATE, { message: 'dueDate must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  dueDate!: string;
}

export class CompleteDto {
  @ApiProperty({ description: 'What was done' })
  @MultilineText()
  @IsString({ message: 'outcome is required' })
  @TextLength(3, 2000, { message: 'outcome must be 3-2000 characters' })
  outcome!: string;
}

export class BlockDto {
  @ApiProperty({ enum: BLOCK_REASONS, description: 'NOT_POSSIBLE is not the same as not done' })
  @IsIn(BLOCK_REASONS, { message: `reason must be one of ${BLOCK_REASONS.join(', ')}` })
  reason!: BlockReason;

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'text is required' })
  @TextLength(3, 2000, { message: 'text must be 3-2000 characters' })
  text!: string;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid', description: 'A user of the owner authority' })
  @IsUUID('all', { message: 'assigneeUserId must be a UUID' })
  assigneeUserId!: string;

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 2000, { message: 'reason must be 3-2000 characters' })
  reason!: string;
}

export class DueDateDto {
  @ApiProperty({ example: '2026-12-15' })
  @Matches(DATE, { message: 'dueDate must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  dueDate!: string;

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 2000, { message: 'reason must be 3-2000 characters' })
  reason!: string;
}

export class ReasonDto {
  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 2000, { message: 'reason must be 3-2000 characters' })
  reason!: string;
}

export class TasksQuery {
  @ApiPropertyOptional({ enum: STEP_STATUSES })
  @IsOptional()
  @IsIn(STEP_STATUSES, { message: `status must be one of ${STEP_STATUSES.join(', ')}` })
  status?: string;
}

export class StepPersonView extends PersonRef {
  @ApiProperty({ nullable: true, type: NamedRef, description: 'The tovholder, if one is set' }) leadAuthority!: NamedRef | null;
}

export class StepHistoryView {
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: STEP_ACTIONS }) action!: string;
  @ApiProperty({ nullable: true, enum: STEP_STATUSES }) fromStatus!: string | null;
  @ApiProperty({ enum: STEP_STATUSES }) toStatus!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the system changed the step, e.g. "fokusperson closed" (null for a person’s own action)' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: UserRef, description: 'null if the user is unknown' }) actor!: UserRef | null;
}

export class StepView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once anonymised' }) description!: string | null;
  @ApiProperty({ format: 'uuid' }) ownerAuthorityId!: string;
  @ApiProperty({ format: 'uuid' }) assigneeUserId!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ enum: STEP_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, enum: BLOCK_REASONS }) blockReason!: string | null;
  @ApiProperty({ description: 'Open, not blocked and past the due date' }) overdue!: boolean;
  @ApiProperty() version!: number;
}

export class StepNextEvent {
  @ApiProperty({ enum: ['ACK_REMINDER', 'DUE_REMINDER', 'ESCALATION'] }) kind!: string;
  @ApiProperty() at!: string;
}

export class StepDetailView extends StepView {
  @ApiProperty({ nullable: true, type: String, description: 'Latest outcome, block text or reason' }) note!: string | null;
  @ApiProperty({ nullable: true, type: StepNextEvent, description: 'The next reminder or escalation after now, by the reminder settings the step was agreed under (as its workflow sends them)' })
  nextEvent!: { kind: string; at: string } | null;
  @ApiProperty({ type: StepPersonView, description: 'Only what the step needs about the person: never the CPR number' }) fokusperson!: StepPersonView;
  @ApiProperty({ type: String, isArray: true, description: 'The helhedsplan’s current goals' }) goals!: string[];
  @ApiProperty({ type: NamedRef }) forum!: NamedRef;
  @ApiProperty({ type: NamedRef }) ownerAuthority!: NamedRef;
  @ApiProperty({ type: UserRef }) assignee!: UserRef;
  @ApiProperty({ type: StepHistoryView, isArray: true, description: 'Every change of the step, oldest first' }) history!: StepHistoryView[];
  @ApiProperty({ enum: STEP_ACTIONS, isArray: true, description: 'What the caller may do with the step now, given its status and the caller’s relation to it' })
  allowedActions!: StepAction[];
}

export class PlanVersionView {
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ format: 'uuid' }) createdByUserId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) meetingId!: string | null;
  @ApiProperty({ nullable: true, type: String }) change!: string | null;
}

export class HelhedsplanView {
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, isArray: true }) goals!: string[];
  @ApiProperty({ type: StepView, isArray: true }) steps!: StepView[];
  @ApiProperty({ type: PlanVersionView, isArray: true }) versions!: PlanVersionView[];
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) stepId!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ enum: STEP_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, enum: BLOCK_REASONS }) blockReason!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: 'integer', description: 'Copenhagen calendar days past the due date; negative: days left' }) daysOverdue!: number;
  @ApiProperty({ type: PersonRef, description: 'Only what the task needs: the person’s id and name, never the CPR number' })
  fokusperson!: PersonRef;
}
