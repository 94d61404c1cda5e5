import { Controller, Get, Header, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiRuleViolation, UuidParam } from '../common/validation';
import { Access } from '../identity/access.decorator';
import { Audit, type AuditContext } from './audit-context';
import { AccessLogPage, AccessLogQuery, AuditAuthorityView, CitizenAccessView, LatestVerificationView, VerificationRunView, VerifyView } from './audit.dto';
import { AuditService } from './audit.service';
import { NoPersonalData, PersonalData } from './personal-data.decorator';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('log')
  @Access('Query the access log by fokusperson, actor (id or username), authority, action, purpose, outcome, resource (type and id) and time, paged', 'AUDITOR')
  @PersonalData('AUDIT', 'SEARCH', 'AccessLog', { alsoFor: ['CITIZEN_ACCESS_REQUEST'] })
  @ApiOkResponse({ type: AccessLogPage })
  @ApiRuleViolation('from must not be after to')
  query(@Audit() ctx: AuditContext, @Query() q: AccessLogQuery) {
    return this.audit.search(ctx, q);
  }

  @Get('log.csv')
  @Access('Export the access log as CSV (the export is itself logged)', 'AUDITOR')
  @PersonalData('AUDIT', 'EXPORT', 'AccessLog', { alsoFor: ['CITIZEN_ACCESS_REQUEST'] })
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="access-log.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one row per log entry', schema: { type: 'string' } })
  @ApiRuleViolation('from must not be after to')
  exportCsv(@Audit() ctx: AuditContext, @Query() q: AccessLogQuery) {
    return this.audit.exportCsv(ctx, q);
  }

  @Get('authorities')
  @Access('The authorities, to search the log by and to name its rows’ authorities', 'AUDITOR')
  @NoPersonalData('the organisation: authority names; no citizen data')
  @ApiOkResponse({ type: AuditAuthorityView, isArray: true })
  authorities() {
    return this.audit.authorities();
  }

  @Get('verify')
  @Access('Verify the hash chain of the access log; names the first broken row (the run is recorded)', 'AUDITOR')
  @PersonalData('AUDIT', 'READ', 'AccessLog')
  @ApiOkResponse({ type: VerifyView })
  verify(@Audit() ctx: AuditContext) {
    return this.audit.verify(ctx);
  }

  @Post('verifications')
  @Access('Verify the access log now and record the run: when, and the first broken row if any', 'AUDITOR')
  @PersonalData('AUDIT', 'READ', 'AccessLog')
  @ApiCreatedResponse({ type: VerificationRunView })
  recordVerification(@Audit() ctx: AuditContext) {
    return this.audit.recordVerification(ctx);
  }

  @Get('verifications/latest')
  @Access('The latest recorded verification of the access log (when, and what it found)', 'AUDITOR')
  @NoPersonalData('the outcome of a verification: counts and the id of a broken log row; no citizen data')
  @ApiOkResponse({ type: LatestVerificationView })
  latestVerification() {
    return this.audit.latestVerification();
  }

  @Get('fokuspersoner/:id/access-report')
  @Access('A citizen’s access report: dates, authorities and purposes, without staff names', 'AUDITOR')
  @PersonalData('CITIZEN_ACCESS_REQUEST', 'READ', 'AccessReport', { alsoFor: ['AUDIT'] })
  @ApiOkResponse({ type: CitizenAccessView, isArray: true })
  citizenReport(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.audit.citizenReport(ctx, id);
  }

  @Get('fokuspersoner/:id/access-report.pdf')
  @Access('A citizen’s access report as a Danish letter (PDF) to send the citizen: dates, authorities and purposes, without staff names', 'AUDITOR')
  @PersonalData('CITIZEN_ACCESS_REQUEST', 'EXPORT', 'AccessReport', { alsoFor: ['AUDIT'] })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  async citizenLetter(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return new StreamableFile(await this.audit.citizenLetter(ctx, id), { type: 'application/pdf', disposition: 'attachment; filename="indsigt.pdf"' });
  }
}
