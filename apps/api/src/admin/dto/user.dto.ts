import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@psp/domain';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsString, IsUUID, Matches } from 'class-validator';
import { OmitOrValidate, TextLength } from '../../common/validation';

const ROLE_MESSAGE = `each role must be one of ${ROLES.join(', ')}`;

export class CreateUserDto {
  @ApiProperty({ example: 'sagsbehandler.egedal' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,62}$/, { message: 'username must be 2-63 lower-case letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ example: 'Sara Sagsbehandler' })
  @IsString()
  @TextLength(2, 200, { message: 'displayName must be 2-200 characters' })
  displayName!: string;

  @ApiProperty({ example: 'sara@egedal.dk' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'authorityId must be a UUID' })
  authorityId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray({ message: 'roles must be a list' })
  @ArrayNotEmpty({ message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @IsIn(ROLES, { each: true, message: ROLE_MESSAGE })
  roles!: Role[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsString()
  @TextLength(2, 200, { message: 'displayName must be 2-200 characters' })
  displayName?: string;

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OmitOrValidate()
  @IsUUID('all', { message: 'authorityId must be a UUID' })
  authorityId?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @OmitOrValidate()
  @IsArray({ message: 'roles must be a list' })
  @ArrayNotEmpty({ message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @IsIn(ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: Role[];

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsBoolean()
  active?: boolean;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ format: 'uuid' }) authorityId!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
}
