import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { decideRegisterAccess, type Actor } from '@psp/domain';
import { DataSource } from 'typeorm';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';
import { NamedRef } from '../common/refs.dto';

/** The fora the nomination form offers: those the caller could nominate to (POST /api/v1/fokuspersoner). */
@ApiTags('fokuspersoner')
@NoPersonalData('fora only; no citizen data')
@Controller('api/v1/me')
export class NominationForaController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('nomination-fora')
  @Access('The active fora the caller may nominate a citizen to: those the caller’s authority is a member authority of', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @ApiOkResponse({ type: NamedRef, isArray: true })
  async list(@CurrentActor() actor: Actor): Promise<NamedRef[]> {
    const fora: { id: string; name: string; authorities: string[] }[] = await this.dataSource.query(
      `SELECT f.id, f.name, array_agg(fa.authority_id) AS authorities
         FROM forum f JOIN forum_authority fa ON fa.forum_id = f.id
        WHERE f.active AND f.id IN (SELECT forum_id FROM forum_authority WHERE authority_id = $1)
        GROUP BY f.id, f.name
        ORDER BY f.name, f.id`,
      [actor.authorityId],
    );
    // The same rule nominating applies (forumIds do not matter to it: any member authority's staff may nominate).
    return fora
      .filter((f) => decideRegisterAccess({ ...actor, forumIds: [] }, 'NOMINATE', { forumId: f.id, memberAuthorityIds: f.authorities }).allowed)
      .map((f) => ({ id: f.id, name: f.name }));
  }
}
