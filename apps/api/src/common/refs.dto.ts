import { ApiProperty } from '@nestjs/swagger';

/** An authority or a forum: its id and name. */
export class NamedRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/** A member of staff: id and display name (never a citizen). */
export class UserRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

/** The minimum about a fokusperson: id and name, never the CPR number. */
export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once anonymised' }) name!: string | null;
}
