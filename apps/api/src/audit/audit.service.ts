import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { SUPERVISORY_PURPOSES } from '@psp/domain';
import { citizenAccessReport, countAccessLog, listAccessLog, verifyAccessLog } from '@psp/persistence';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';
import type { AuditContext } from './audit-context';
import { AuditedTransactions } from './audited-transactions';
import type { AccessLogEntryView, AccessLogPage, AccessLogQuery, CitizenAccessView, VerifyView } from './audit.dto';

const EXPORT_LIMIT = 100_000;

/** The auditors' view of the access log. Their own reading of it is logged too. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  search(ctx: AuditContext, q: AccessLogQuery): Promise<AccessLogPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 100;
    return this.audited.run(ctx, async (tx, audit) => {
      const total = await countAccessLog(tx, q);
      const rows = await listAccessLog(tx, q, pageSize, (page - 1) * pageSize);
      audit.use({ query: describe(q), fokuspersonId: q.fokuspersonId ?? null, detail: `page ${page}` });
      return { items: rows, page, pageSize, total };
    });
  }

  exportCsv(ctx: AuditContext, q: AccessLogQuery): Promise<string> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await listAccessLog(tx, q, EXPORT_LIMIT, 0);
      audit.use({ query: describe(q), fokuspersonId: q.fokuspersonId ?? null, detail: `${rows.length} rows exported as CSV` });
      return toCsv(rows);
    });
  }

  verify(ctx: AuditContext): Promise<VerifyView> {
    return this.audited.run(ctx, async (_tx, audit) => {
      const result = await verifyAccessLog(this.dataSource, this.config.auditAnchor);
      audit.use({ detail: result.ok ? `verified ${result.rows} rows` : result.brokenSeq !== null ? `broken at ${result.brokenSeq}` : `broken: chain ${result.chain ?? '-'}` });
      return result;
    });
  }

  /** What a citizen may learn: when, which authority (or the data controller's control), what and why — never who (staff names). */
  citizenReport(ctx: AuditContext, fokuspersonId: string): Promise<CitizenAccessView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await citizenAccessReport(tx, fokuspersonId, SUPERVISORY_PURPOSES);
      audit.use({ resourceId: fokuspersonId, fokuspersonId, detail: 'citizen access report' });
      return rows;
    });
  }
}

function describe(q: AccessLogQuery): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : String(v)}`)
    .join(';');
}

const CSV_COLUMNS: (keyof AccessLogEntryView)[] = [
  'seq', 'id', 'occurredAt', 'actorUserId', 'actorUsername', 'actorAuthorityId', 'actorRoles', 'action', 'resourceType',
  'resourceId', 'fokuspersonId', 'purpose', 'outcome', 'detail', 'query', 'requestId', 'clientAddress',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(' ') : String(v);
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

function toCsv(rows: AccessLogEntryView[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}
