import { ApiProperty } from '@nestjs/swagger';
import { MEETING_STATUSES, type MeetingStatus } from '@psp/domain';
import { NamedRef } from '../common/refs.dto';

export class OverviewMeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty({ description: 'Items on its case list' }) itemCount!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When its agenda locks (null once locked)' }) agendaLocksAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Calendar days until the agenda locks (0: today); null once locked' }) daysUntilLock!: number | null;
}

export class OverviewNominationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ format: 'date-time' }) nominatedAt!: string;
  @ApiProperty({ type: NamedRef }) nominatingAuthority!: NamedRef;
}

export class OverviewAttentionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() overdueSteps!: number;
  @ApiProperty() blockedSteps!: number;
}

export class ForumOverviewView {
  @ApiProperty({ type: NamedRef }) forum!: NamedRef;
  @ApiProperty({ type: OverviewMeetingView, nullable: true, description: 'The next meeting not yet held' }) nextMeeting!: OverviewMeetingView | null;
  @ApiProperty({ description: 'Persons by status (NOMINATED, ACTIVE, REJECTED, CLOSED, ANONYMISED): counts', additionalProperties: { type: 'number' }, type: 'object' })
  personsByStatus!: Record<string, number>;
  @ApiProperty({ type: OverviewNominationView, isArray: true, description: 'Nominations waiting for a decision, newest first (at most 200)' }) nominations!: OverviewNominationView[];
  @ApiProperty({ type: OverviewAttentionView, isArray: true, description: 'Active persons whose plan has overdue or blocked steps, most overdue first (at most 200)' })
  needingAttention!: OverviewAttentionView[];
}
