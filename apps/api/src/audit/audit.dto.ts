import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCESS_LOG_ACTIONS, CITIZEN_REPORT_ROLES, type AccessLogAction, type CitizenReportRole } from '@psp/persistence';
import { ACCESS_PURPOSES, ADMINISTRATION_PURPOSE, KEY_MAINTENANCE_PURPOSE } from '@psp/domain';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { INSTANT_PATTERN, QueryInt } from '../common/validation';

const INSTANT = new RegExp(INSTANT_PATTERN);

/** Every purpose a log row may carry: those requests state, and the administrator's and the system's own. */
export const LOGGED_PURPOSES = [...ACCESS_PURPOSES, ADMINISTRATION_PURPOSE, KEY_MAINTENANCE_PURPOSE] as const;
export const ACCESS_LOG_OUTCOMES = ['ALLOWED', 'DENIED'] as const;
export const ACCESS_LOG_ORDERS = ['oldest', 'newest'] as const;

export class AccessLogQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'fokuspersonId must be a UUID' })
  fokuspersonId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user' })
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId must be a UUID' })
  actorUserId?: string;

  @ApiPropertyOptional({ description: 'The acting user’s username, exactly (e.g. koordinator.pcb; the system’s own acts: system)', example: 'koordinator.pcb' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,62}$/, { message: 'actorUsername must be a username: 2-63 lower-case letters, digits, dots, dashes or underscores' })
  actorUsername?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user’s authority' })
  @IsOptional()
  @IsUUID('all', { message: 'authorityId must be a UUID' })
  authorityId?: string;

  @ApiPropertyOptional({ enum: ACCESS_LOG_ACTIONS })
  @IsOptional()
  @IsIn(ACCESS_LOG_ACTIONS, { message: `action must be one of ${ACCESS_LOG_ACTIONS.join(', ')}` })
  action?: AccessLogAction;

  @ApiPropertyOptional({ enum: LOGGED_PURPOSES })
  @IsOptional()
  @IsIn(LOGGED_PURPOSES, { message: `purpose must be one of ${LOGGED_PURPOSES.join(', ')}` })
  purpose?: string;

  @ApiPropertyOptional({ enum: ACCESS_LOG_OUTCOMES })
  @IsOptional()
  @IsIn(ACCESS_LOG_OUTCOMES, { message: 'outcome must be ALLOWED or DENIED' })
  outcome?: string;

  @ApiPropertyOptional({
    description: 'What was used or changed, e.g. Fokusperson, Step, Minutes; administration: Authority, User, Forum, ForumMembership',
    example: 'User',
  })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z.]{0,63}$/, { message: 'resourceType must be a resource type such as User or Fokusperson' })
  resourceType?: string;

  @ApiPropertyOptional({ description: 'The id of that resource (for ForumMembership: the forum)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'resourceId must be an id (letters, digits and dashes)' })
  resourceId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this instant on: a date-time with seconds and offset, 1900-9999' })
  @IsOptional()
  @Matches(INSTANT, { message: 'from must be a date-time with seconds and offset, e.g. 2027-01-12T09:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before this instant: a date-time with seconds and offset, 1900-9999' })
  @IsOptional()
  @Matches(INSTANT, { message: 'to must be a date-time with seconds and offset, e.g. 2027-01-12T09:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ enum: ACCESS_LOG_ORDERS, default: 'oldest', description: 'oldest: log order (the default); newest: the newest row first' })
  @IsOptional()
  @IsIn(ACCESS_LOG_ORDERS, { message: 'order must be oldest or newest' })
  order?: (typeof ACCESS_LOG_ORDERS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(1_000_000, { message: 'page must be at most 1000000' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(500, { message: 'pageSize must be at most 500' })
  pageSize?: number;
}

export class AccessLogEntryView {
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorUserId!: string | null;
  @ApiProperty() actorUsername!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorAuthorityId!: string | null;
  @ApiProperty({ type: String, isArray: true }) actorRoles!: string[];
  @ApiProperty({ enum: ACCESS_LOG_ACTIONS }) action!: string;
  @ApiProperty() resourceType!: string;
  @ApiProperty({ nullable: true, type: String }) resourceId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The person of an event about one person; null for one naming several (fokuspersonIds)' })
  fokuspersonId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Every person the event names: one use of data, however many persons it showed (a case list of 500: one event, 500 ids)' })
  fokuspersonIds!: string[];
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: ['ALLOWED', 'DENIED'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String }) query!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ nullable: true, type: String }) clientAddress!: string | null;
}

export class AccessLogPage {
  @ApiProperty({ type: AccessLogEntryView, isArray: true }) items!: AccessLogEntryView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class AnchorView {
  @ApiProperty({ description: 'File name in the anchor store' }) file!: string;
  @ApiProperty({ description: 'When the heads were read (ISO)' }) createdAt!: string;
  @ApiProperty({ enum: ['scheduled', 'prune'] }) reason!: 'scheduled' | 'prune';
  @ApiProperty({ description: 'Id of the signing key (sha256 of its public key, 16 hex digits)' }) keyId!: string;
}

export class VerifyView {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Rows checked' }) rows!: number;
  @ApiPropertyOptional({ description: 'Hash chains walked (when OK)' }) chains?: number;
  @ApiPropertyOptional({ description: 'Chains that start from a signed retention checkpoint (when OK)' }) checkpoints?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The chain with the first break (null: an anchor file, not a chain)' }) chain?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'seq of the first broken row' }) brokenSeq?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'id of the first broken row' }) brokenId?: string | null;
  @ApiPropertyOptional({ description: 'Why it is broken' }) reason?: string;
  @ApiProperty({ nullable: true, type: () => AnchorView, description: 'The latest signed anchor of the chain heads (outside the database) checked against; null: none yet' })
  anchor!: AnchorView | null;
  @ApiPropertyOptional({ description: 'Anchors whose signatures were checked (when OK)' }) anchors?: number;
}

export class VerificationRunView {
  @ApiProperty({ description: 'When the verification ran' }) verifiedAt!: Date;
  @ApiProperty({ description: 'Whether every chain and anchor was whole' }) ok!: boolean;
  @ApiProperty({ description: 'Rows checked' }) rows!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The chain with the first break (null: whole, or an anchor file)' }) chain!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'seq of the first broken row' }) brokenSeq!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'id of the first broken row' }) brokenId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it is broken' }) reason!: string | null;
}

export class LatestVerificationView {
  @ApiProperty({ nullable: true, type: () => VerificationRunView, description: 'The latest recorded verification; null: never verified through the api' })
  latest!: VerificationRunView | null;
}

export class AuditAuthorityView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
}

export class CitizenAccessView {
  @ApiProperty({ description: 'When (Europe/Copenhagen date)' }) date!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Which authority (no staff names); for the data controller’s supervisory control and the system’s own acts, a name for that instead',
  })
  authority!: string | null;
  @ApiProperty({
    enum: CITIZEN_REPORT_ROLES,
    description:
      'In which capacity: AUTHORITY (an authority’s use in the PSP collaboration), SUPERVISORY_CONTROL (the data controller’s control: the auditor reading the access log or answering an access request, purposes AUDIT and CITIZEN_ACCESS_REQUEST; not a use by the auditor’s authority), SYSTEM (automatic, e.g. retention)',
  })
  actedAs!: CitizenReportRole;
  @ApiProperty() action!: string;
  @ApiProperty() purpose!: string;
}
