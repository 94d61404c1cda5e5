import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_KINDS, type AuthorityKind } from '@psp/domain';
import { IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import { OmitOrValidate, TextLength } from '../../common/validation';

const KIND_MESSAGE = `kind must be one of ${AUTHORITY_KINDS.join(', ')}`;

export class CreateAuthorityDto {
  @ApiProperty({ example: 'kommune-egedal', description: 'Stable key: lower-case letters, digits and dashes' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'code must be 2-63 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Egedal Kommune, Socialforvaltningen' })
  @IsString()
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name!: string;

  @ApiProperty({ enum: AUTHORITY_KINDS })
  @IsIn(AUTHORITY_KINDS, { message: KIND_MESSAGE })
  kind!: AuthorityKind;
}

export class UpdateAuthorityDto {
  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsString()
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name?: string;

  @ApiPropertyOptional({ enum: AUTHORITY_KINDS })
  @OmitOrValidate()
  @IsIn(AUTHORITY_KINDS, { message: KIND_MESSAGE })
  kind?: AuthorityKind;

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsBoolean()
  active?: boolean;
}

export class AuthorityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: AUTHORITY_KINDS }) kind!: AuthorityKind;
  @ApiProperty() active!: boolean;
}
