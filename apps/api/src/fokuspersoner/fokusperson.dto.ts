import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_KINDS, CPR_PATTERN, FOKUSPERSON_STATUSES, INCLUSION_CHALLENGES, type AuthorityKind, type FokuspersonStatus } from '@psp/domain';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MultilineText, OmitOrValidate, QueryInt, SchemaRule, TextLength } from '../common/validation';

/** What Cpr.parse accepts (libs/domain): the shape and a date of birth that exists. */
const CPR = new RegExp(CPR_PATTERN);
const CPR_MESSAGE = 'cpr must be DDMMYY-SSSS or 10 digits, with a date of birth that exists';

export const DECISIONS = ['ACCEPT', 'REJECT', 'CLOSE', 'REOPEN'] as const;
export const INFORMATION_DECISIONS = ['INFORMED', 'EXEMPTED_DBL_22'] as const;

export class CriteriaDto {
  @ApiProperty({ enum: INCLUSION_CHALLENGES, isArray: true, description: 'Psychiatric diagnosis, substance abuse, other challenge' })
  @IsArray({ message: 'criteria.challenges must be a list' })
  @ArrayNotEmpty({ message: 'criteria.challenges must name at least one challenge' })
  @ArrayUnique({ message: 'criteria.challenges must not repeat a challenge' })
  @IsIn(INCLUSION_CHALLENGES, { each: true, message: `each of criteria.challenges must be one of ${INCLUSION_CHALLENGES.join(', ')}` })
  challenges!: string[];

  @ApiProperty({ enum: AUTHORITY_KINDS, isArray: true, description: 'Frequent contact with police, municipality or psychiatry' })
  @IsArray({ message: 'criteria.frequentContactWith must be a list' })
  @ArrayNotEmpty({ message: 'criteria.frequentContactWith must name at least one authority kind' })
  @ArrayUnique({ message: 'criteria.frequentContactWith must not repeat an authority kind' })
  @IsIn(AUTHORITY_KINDS, { each: true, message: `each of criteria.frequentContactWith must be one of ${AUTHORITY_KINDS.join(', ')}` })
  frequentContactWith!: AuthorityKind[];

  @ApiProperty({ description: 'Why the person falls between the authorities' })
  @MultilineText()
  @IsString({ message: 'criteria.reason is required' })
  @TextLength(10, 2000, { message: 'criteria.reason must be 10-2000 characters' })
  reason!: string;
}

export class NominateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'forumId must be a UUID' })
  forumId!: string;

  @ApiProperty({ example: '010190-1234', description: 'DDMMYY-SSSS or ten digits; the date part must be a real date, not in the future (no modulus-11 check)' })
  @IsString({ message: 'cpr is required' })
  @Matches(CPR, { message: CPR_MESSAGE })
  cpr!: string;

  @ApiProperty({ example: 'Jens Jensen' })
  @IsString({ message: 'name is required' })
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name!: string;

  @ApiProperty({ type: CriteriaDto })
  @ValidateNested()
  @Type(() => CriteriaDto)
  criteria!: CriteriaDto;
}

export class ListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'forumId must be a UUID' })
  forumId!: string;

  @ApiPropertyOptional({ enum: FOKUSPERSON_STATUSES })
  @IsOptional()
  @IsIn(FOKUSPERSON_STATUSES, { message: `status must be one of ${FOKUSPERSON_STATUSES.join(', ')}` })
  status?: FokuspersonStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000_000, default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be at least 0' })
  @Max(1_000_000_000, { message: 'offset must be at most 1000000000' })
  offset?: number;
}

export class SearchDto {
  @ApiProperty({ example: '010190-1234', description: 'DDMMYY-SSSS or ten digits, with a date of birth that exists' })
  @IsString({ message: 'cpr is required' })
  @Matches(CPR, { message: CPR_MESSAGE })
  cpr!: string;
}

export class RevealDto {
  @ApiProperty({ description: 'Why the full CPR number is needed (logged)' })
  @MultilineText()
  @IsString({ message: 'justification is required' })
  @TextLength(10, 500, { message: 'justification must be 10-500 characters' })
  justification!: string;
}

/** Besides the version, at least one of name, criteria and notes: there must be something to change. */
@SchemaRule({ minProperties: 2 })
export class UpdateFokuspersonDto {
  @ApiProperty({ description: 'The version you read; a newer version on the server is a 409' })
  @IsInt({ message: 'version is required (the version you read)' })
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsString()
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name?: string;

  @ApiPropertyOptional({ type: CriteriaDto })
  @OmitOrValidate()
  @ValidateNested()
  @Type(() => CriteriaDto)
  criteria?: CriteriaDto;

  @ApiPropertyOptional()
  @MultilineText()
  @OmitOrValidate()
  @IsString()
  @TextLength(0, 4000, { message: 'notes must be at most 4000 characters' })
  notes?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` })
  decision!: (typeof DECISIONS)[number];

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 2000, { message: 'reason must be 3-2000 characters' })
  reason!: string;
}

export class LeadAuthorityDto {
  @ApiProperty({ format: 'uuid', description: 'A member authority of the forum' })
  @IsUUID('all', { message: 'authorityId must be a UUID' })
  authorityId!: string;

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(3, 2000, { message: 'reason must be 3-2000 characters' })
  reason!: string;
}

export class InformationDecisionDto {
  @ApiProperty({
    enum: INFORMATION_DECISIONS,
    description: 'INFORMED: the citizen has been informed (GDPR art. 14). EXEMPTED_DBL_22: informing is set aside by a concrete decision under databeskyttelseslov §22.',
  })
  @IsIn(INFORMATION_DECISIONS, { message: `decision must be one of ${INFORMATION_DECISIONS.join(', ')}` })
  decision!: (typeof INFORMATION_DECISIONS)[number];

  @ApiProperty()
  @MultilineText()
  @IsString({ message: 'reason is required' })
  @TextLength(10, 2000, { message: 'reason must be 10-2000 characters' })
  reason!: string;
}

export class CriteriaView {
  @ApiProperty({ enum: INCLUSION_CHALLENGES, isArray: true }) challenges!: string[];
  @ApiProperty({ enum: AUTHORITY_KINDS, isArray: true }) frequentContactWith!: string[];
  @ApiProperty() reason!: string;
}

export class FokuspersonSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ enum: FOKUSPERSON_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: '010190-XXXX', description: 'Masked; null once anonymised' }) cpr!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null once anonymised' }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) leadAuthorityId!: string | null;
  @ApiProperty() nominatedAt!: Date;
}

export class DecisionView {
  @ApiProperty() decision!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null: the system decided (a nomination left undecided too long)' }) byUserId!: string | null;
}

export class InformationDecisionView {
  @ApiProperty({ enum: INFORMATION_DECISIONS }) decision!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() decidedAt!: string;
  @ApiProperty({ format: 'uuid' }) decidedByUserId!: string;
}

export class FokuspersonDetailView extends FokuspersonSummary {
  @ApiProperty({ format: 'uuid' }) nominatingAuthorityId!: string;
  @ApiProperty({ nullable: true, type: CriteriaView }) criteria!: CriteriaView | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String }) leadAuthorityReason!: string | null;
  @ApiProperty({ nullable: true, type: InformationDecisionView }) informationDecision!: InformationDecisionView | null;
  @ApiProperty({ type: DecisionView, isArray: true }) decisions!: DecisionView[];
  @ApiProperty({ nullable: true, type: Date }) acceptedAt!: Date | null;
  @ApiProperty({
    nullable: true,
    example: '2027-01-12',
    description: 'The person is reviewed at the forum’s first meeting on or after this date (it puts them on that case list); null: no review due',
  })
  nextReviewDate!: string | null;
  @ApiProperty({ nullable: true, type: Date }) rejectedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) anonymisedAt!: Date | null;
  @ApiProperty() version!: number;
}

export class RevealView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '010190-1234' }) cpr!: string;
}
