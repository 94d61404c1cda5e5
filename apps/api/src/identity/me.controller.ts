import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor, type Role } from '@psp/domain';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from './access.decorator';
import { CurrentActor } from './current-actor.decorator';
import { MeService } from './me.service';

class MeAuthority {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['POLICE', 'MUNICIPALITY', 'PSYCHIATRY'] }) kind!: string;
}

class MeForum {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: MeAuthority }) authority!: MeAuthority;
  @ApiProperty({ type: MeForum, isArray: true, description: 'The PSP fora the caller is a member of' })
  fora!: MeForum[];
}

@ApiTags('identity')
@NoPersonalData("the caller's own account; no citizen data")
@Controller('api/v1/me')
export class MeController {
  constructor(@Inject(MeService) private readonly meService: MeService) {}

  @Get()
  @Access('The caller: user, authority, roles and fora', ...ROLES)
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.meService.me(actor);
  }
}
