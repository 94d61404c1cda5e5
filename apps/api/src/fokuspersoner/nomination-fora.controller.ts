import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@psp/domain';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';
import { NamedRef } from '../common/refs.dto';
import { NominationForaService } from './nomination-fora.service';

/** The fora the nomination form offers: those the caller could nominate to (POST /api/v1/fokuspersoner). */
@ApiTags('fokuspersoner')
@NoPersonalData('fora only; no citizen data')
@Controller('api/v1/me')
export class NominationForaController {
  constructor(@Inject(NominationForaService) private readonly nominationFora: NominationForaService) {}

  @Get('nomination-fora')
  @Access('The active fora the caller may nominate a citizen to: those the caller’s authority is a member authority of', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @ApiOkResponse({ type: NamedRef, isArray: true })
  list(@CurrentActor() actor: Actor): Promise<NamedRef[]> {
    return this.nominationFora.list(actor);
  }
}
