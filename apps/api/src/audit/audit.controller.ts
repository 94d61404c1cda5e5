import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/validation';
import { Access } from '../identity/access.decorator';
import { Audit, type AuditContext } from './audit-context';
import { AccessLogPage, AccessLogQuery, CitizenAccessView, VerifyView } from './audit.dto';
import { AuditService } from './audit.service';
import { PersonalData } from './personal-data.decorator';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('log')
  @Access('Query the access log by fokusperson, actor, authority, action, resource (type and id) and time, paged', 'AUDITOR')
  @PersonalData('AUDIT', 'SEARCH', 'AccessLog', { alsoFor: ['CITIZEN_ACCESS_REQUEST'] })
  @ApiOkResponse({ type: AccessLogPage })
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
  exportCsv(@Audit() ctx: AuditContext, @Query() q: AccessLogQuery) {
    return this.audit.exportCsv(ctx, q);
  }

  @Get('verify')
  @Access('Verify the hash chain of the access log; names the first broken row', 'AUDITOR')
  @PersonalData('AUDIT', 'READ', 'AccessLog')
  @ApiOkResponse({ type: VerifyView })
  verify(@Audit() ctx: AuditContext) {
    return this.audit.verify(ctx);
  }

  @Get('fokuspersoner/:id/access-report')
  @Access('A citizen’s access report: dates, authorities and purposes, without staff names', 'AUDITOR')
  @PersonalData('CITIZEN_ACCESS_REQUEST', 'READ', 'AccessReport', { alsoFor: ['AUDIT'] })
  @ApiOkResponse({ type: CitizenAccessView, isArray: true })
  citizenReport(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.audit.citizenReport(ctx, id);
  }
}
