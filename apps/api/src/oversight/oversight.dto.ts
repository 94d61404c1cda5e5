import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BLOCK_REASONS, STEP_STATUSES } from '@psp/domain';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { NamedRef, PersonRef, UserRef } from '../common/refs.dto';
import { QueryInt } from '../common/validation';

export class OversightQuery {
  @ApiPropertyOptional({ default: 5, minimum: 0, maximum: 60, description: 'Also show steps due within this many days' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'soonDays must be a whole number' })
  @Min(0)
  @Max(60, { message: 'soonDays must be at most 60' })
  soonDays?: number;
}

export class TrendQuery {
  @ApiPropertyOptional({ type: 'integer', default: 12, minimum: 1, maximum: 52, description: 'How many ISO weeks, up to and including the current one' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'weeks must be a whole number' })
  @Min(1, { message: 'weeks must be at least 1' })
  @Max(52, { message: 'weeks must be at most 52' })
  weeks?: number;
}

export class OversightStepView {
  @ApiProperty({ format: 'uuid' }) stepId!: string;
  @ApiProperty({ format: 'uuid' }) fokuspersonId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once anonymised' }) description!: string | null;
  @ApiProperty({ type: PersonRef, description: 'The person’s id and name, never the CPR number' }) fokusperson!: PersonRef;
  @ApiProperty({ type: NamedRef }) forum!: NamedRef;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ enum: STEP_STATUSES }) status!: string;
  @ApiProperty({ type: 'integer', description: 'Days past the due date; negative: days left' }) daysOverdue!: number;
}

export class OversightGroupView {
  @ApiProperty({ type: UserRef }) assignee!: UserRef;
  @ApiProperty({ type: OversightStepView, isArray: true }) steps!: OversightStepView[];
}

export class BlockedStepView {
  @ApiProperty({ format: 'uuid' }) stepId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once anonymised' }) description!: string | null;
  @ApiProperty({ enum: BLOCK_REASONS }) blockReason!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The step’s latest note: the text given when it was blocked, or the reason of a later due-date change; null once anonymised',
  })
  blockText!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When it was last blocked (from the step’s history)' }) blockedAt!: Date | null;
  @ApiProperty({ type: UserRef }) assignee!: UserRef;
  @ApiProperty({ type: PersonRef, description: 'The person’s id and name, never the CPR number' }) fokusperson!: PersonRef;
  @ApiProperty({ type: NamedRef }) forum!: NamedRef;
  @ApiProperty() dueDate!: string;
}

export class TrendWeekView {
  @ApiProperty({ example: '2026-11-23', description: 'The Monday of the ISO week (Copenhagen)' }) weekStart!: string;
  @ApiProperty({ type: 'integer', description: 'Steps owned by the authority that were open at the end of the week (now, for the current week)' }) open!: number;
  @ApiProperty({ type: 'integer', description: 'Of those, how many were past their due date and not blocked' }) overdue!: number;
}
