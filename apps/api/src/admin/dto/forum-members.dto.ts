import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@psp/domain';

export class ForumStaffView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) authorityId!: string;
  @ApiProperty() authorityName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiProperty() active!: boolean;
}

export class ForumMembersView {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: ForumStaffView, isArray: true, description: 'The forum’s members, by name' }) members!: ForumStaffView[];
  @ApiProperty({
    type: ForumStaffView,
    isArray: true,
    description: 'Active coordinators, caseworkers and supervisors of the forum’s member authorities who are not members yet: whom the coordinators may add',
  })
  candidates!: ForumStaffView[];
}
