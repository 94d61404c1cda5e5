import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@psp/domain';
import { Audit, type AuditContext } from '../audit/audit-context';
import { NoPersonalData, PersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';
import { UserRef } from '../common/refs.dto';
import { BlockedStepView, OversightGroupView, OversightQuery, TrendQuery, TrendWeekView } from './oversight.dto';
import { OversightService } from './oversight.service';

/** Supervisors oversee the steps their own authority owns. */
@ApiTags('oversight')
@Controller('api/v1/oversight')
export class OversightController {
  constructor(private readonly oversight: OversightService) {}

  @Get('overdue')
  @Access('The caller’s authority’s overdue and soon-due steps, grouped by assignee', 'SUPERVISOR')
  @PersonalData('OVERSIGHT', 'READ', 'Step')
  @ApiOkResponse({ type: OversightGroupView, isArray: true })
  @ApiBadRequestResponse({ description: 'soonDays out of range' })
  overdue(@Audit() ctx: AuditContext, @Query() q: OversightQuery) {
    return this.oversight.overdue(ctx, q.soonDays ?? 5);
  }

  @Get('blocked')
  @Access('The caller’s authority’s blocked steps, with reason, text and since when, the longest blocked first', 'SUPERVISOR')
  @PersonalData('OVERSIGHT', 'READ', 'Step')
  @ApiOkResponse({ type: BlockedStepView, isArray: true })
  blocked(@Audit() ctx: AuditContext) {
    return this.oversight.blocked(ctx);
  }

  @Get('caseworkers')
  @Access('The active users of the caller’s authority who can be given a step (caseworkers and supervisors), by name', 'SUPERVISOR')
  @NoPersonalData('staff of the caller’s own authority; no citizen data')
  @ApiOkResponse({ type: UserRef, isArray: true })
  caseworkers(@CurrentActor() actor: Actor) {
    return this.oversight.caseworkers(actor);
  }

  @Get('trend')
  @Access('Open and overdue steps of the caller’s authority at the end of each of the last ISO weeks, oldest first', 'SUPERVISOR')
  @NoPersonalData('counts only; no person or step is named')
  @ApiOkResponse({ type: TrendWeekView, isArray: true })
  @ApiBadRequestResponse({ description: 'weeks out of range (1-52)' })
  trend(@CurrentActor() actor: Actor, @Query() q: TrendQuery) {
    return this.oversight.trend(actor, q.weeks ?? 12);
  }
}
