import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsString, IsUUID, Matches } from 'class-validator';
import { OmitOrValidate, TextLength } from '../../common/validation';

export class CreateForumDto {
  @ApiProperty({ example: 'psp-pcb' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'code must be 2-63 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'PSP Nordsjælland – Psykiatrisk Center Ballerup' })
  @IsString()
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, description: 'Member authorities' })
  @OmitOrValidate()
  @IsArray({ message: 'authorityIds must be a list' })
  @ArrayUnique({ message: 'authorityIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of authorityIds must be a UUID' })
  authorityIds?: string[];
}

export class UpdateForumDto {
  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsString()
  @TextLength(2, 200, { message: 'name must be 2-200 characters' })
  name?: string;

  @ApiPropertyOptional()
  @OmitOrValidate()
  @IsBoolean()
  active?: boolean;
}

export class ForumResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) authorityIds!: string[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) memberUserIds!: string[];
}
