import { ApiProperty } from '@nestjs/swagger';
import { NamedRef, UserRef } from '../common/refs.dto';

/** A member authority of the forum and its active caseworkers: who an agreed step can go to. */
export class AssigneeAuthorityView {
  @ApiProperty({ type: NamedRef }) authority!: NamedRef;
  @ApiProperty({ type: UserRef, isArray: true, description: 'Active caseworkers of the authority, by name' }) users!: UserRef[];
}
