import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiRuleViolation, UuidParam } from '../common/validation';
import { Audit, type AuditContext } from '../audit/audit-context';
import { PersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import {
  DecisionDto,
  FokuspersonDetailView,
  FokuspersonSummary,
  InformationDecisionDto,
  LeadAuthorityDto,
  ListQuery,
  NominateDto,
  RevealDto,
  RevealView,
  SearchDto,
  UpdateFokuspersonDto,
} from './fokusperson.dto';
import { FokuspersonSearch } from './fokusperson-search';
import { FokuspersonerService } from './fokuspersoner.service';

@ApiTags('fokuspersoner')
@ApiBadRequestResponse({ description: 'Malformed input (CPR, ids, missing reason, unknown field); the message names it' })
@Controller('api/v1/fokuspersoner')
export class FokuspersonerController {
  constructor(
    private readonly register: FokuspersonerService,
    private readonly searches: FokuspersonSearch,
  ) {}

  @Post()
  @Access('Nominate a citizen to a forum (a member of one of the forum’s authorities)', 'COORDINATOR', 'CASEWORKER', 'SUPERVISOR')
  @PersonalData('PSP_CASE_PREPARATION', 'CREATE', 'Fokusperson')
  @ApiCreatedResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'No such forum' })
  @ApiConflictResponse({ description: 'The same CPR is already open in the forum; the message names the fokusperson' })
  @ApiRuleViolation('a CPR number whose date of birth is in the future')
  nominate(@Audit() ctx: AuditContext, @Body() dto: NominateDto) {
    return this.register.nominate(ctx, dto);
  }

  @Get()
  @Access('List a forum’s fokuspersoner, optionally by status (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'READ', 'Fokusperson', { alsoFor: ['PSP_COORDINATION'] })
  @ApiOkResponse({ type: FokuspersonSummary, isArray: true })
  @ApiNotFoundResponse({ description: 'No such forum, or the caller is not a member of it' })
  list(@Audit() ctx: AuditContext, @Query() query: ListQuery) {
    return this.register.list(ctx, query);
  }

  @Post('search')
  @HttpCode(200)
  @Access('Find fokuspersoner by CPR in the caller’s fora (exact match; logged as a search of each person found, without the CPR)', 'COORDINATOR')
  @PersonalData('PSP_CASE_PREPARATION', 'SEARCH', 'Fokusperson', { alsoFor: ['PSP_COORDINATION'] })
  @ApiOkResponse({ type: FokuspersonSummary, isArray: true })
  @ApiRuleViolation('a CPR number whose date of birth is in the future')
  search(@Audit() ctx: AuditContext, @Body() dto: SearchDto) {
    return this.searches.search(ctx, dto.cpr);
  }

  @Get(':id')
  @Access('One fokusperson, CPR masked (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'READ', 'Fokusperson', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiOkResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  get(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.register.get(ctx, id);
  }

  @Post(':id/reveal-cpr')
  @HttpCode(200)
  @Access('Reveal the full CPR number; a justification is required and logged', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'REVEAL', 'Fokusperson.cpr', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiOkResponse({ type: RevealView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'Anonymised: there is no CPR number any more' })
  reveal(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: RevealDto) {
    return this.register.reveal(ctx, id, dto.justification);
  }

  @Patch(':id')
  @Access('Update name, criteria or notes (optimistic: send the version you read)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Fokusperson')
  @ApiOkResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'Changed by someone else since you read it, or anonymised' })
  update(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: UpdateFokuspersonDto) {
    return this.register.update(ctx, id, dto);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @Access('Accept, reject, close or reopen, with a reason (rejecting or closing starts the retention period)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Fokusperson')
  @ApiOkResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'The decision is not possible from the current status' })
  decide(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: DecisionDto) {
    return this.register.decide(ctx, id, dto);
  }

  @Put(':id/lead-authority')
  @Access('Record the lead authority (tovholder), with a reason', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Fokusperson')
  @ApiOkResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'Anonymised' })
  @ApiRuleViolation('the lead authority must be a member authority of the forum')
  setLeadAuthority(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: LeadAuthorityDto) {
    return this.register.setLeadAuthority(ctx, id, dto);
  }

  @Put(':id/information-decision')
  @Access('Record the decision on informing the citizen (GDPR art. 14 / databeskyttelseslov §22), with a reason', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Fokusperson')
  @ApiOkResponse({ type: FokuspersonDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'Anonymised' })
  recordInformationDecision(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: InformationDecisionDto) {
    return this.register.recordInformationDecision(ctx, id, dto);
  }
}
