import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { citizenAccessLetterPdf } from '@psp/documents';
import { RuleViolationError, SUPERVISORY_PURPOSES } from '@psp/domain';
import {
  citizenAccessReport,
  countAccessLog,
  findAuthority,
  listAuthorities,
  latestAccessLogVerification,
  listAccessLog,
  recordAccessLogVerification,
  verifyAccessLog,
  type AccessLogVerificationRecord,
  type VerifyResult,
} from '@psp/persistence';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';
import type { AuditContext } from './audit-context';
import { AuditedTransactions } from './audited-transactions';
import type { AccessLogEntryView, AccessLogPage, AccessLogQuery, AuditAuthorityView, CitizenAccessView, LatestVerificationView, VerificationRunView, VerifyView } from './audit.dto';

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
    requireTimeRange(q);
    return this.audited.run(ctx, async (tx, audit) => {
      const total = await countAccessLog(tx, q);
      const rows = await listAccessLog(tx, q, pageSize, (page - 1) * pageSize, q.order);
      audit.use({ query: describe(q), fokuspersonId: q.fokuspersonId ?? null, detail: `page ${page}` });
      return { items: rows, page, pageSize, total };
    });
  }

  exportCsv(ctx: AuditContext, q: AccessLogQuery): Promise<string> {
    requireTimeRange(q);
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await listAccessLog(tx, q, EXPORT_LIMIT, 0, q.order);
      audit.use({ query: describe(q), fokuspersonId: q.fokuspersonId ?? null, detail: `${rows.length} rows exported as CSV` });
      return toCsv(rows);
    });
  }

  async verify(ctx: AuditContext): Promise<VerifyView> {
    return (await this.verifyAndRecord(ctx)).result;
  }

  async recordVerification(ctx: AuditContext): Promise<VerificationRunView> {
    return runView((await this.verifyAndRecord(ctx)).record);
  }

  /** The authorities the log names by id, to search by and to show by name. */
  async authorities(): Promise<AuditAuthorityView[]> {
    return (await listAuthorities(this.dataSource)).map(({ id, name, active }) => ({ id, name, active }));
  }

  async latestVerification(): Promise<LatestVerificationView> {
    const latest = await latestAccessLogVerification(this.dataSource);
    return { latest: latest ? runView(latest) : null };
  }

  /** Walks the chains and records the run (when, by whom, what it found) with its log row. */
  private verifyAndRecord(ctx: AuditContext): Promise<{ result: VerifyResult; record: AccessLogVerificationRecord }> {
    return this.audited.run(ctx, async (tx, audit) => {
      const result = await verifyAccessLog(this.dataSource, this.config.auditAnchor);
      const record = await recordAccessLogVerification(tx, result, ctx.actor.userId);
      audit.use({ detail: result.ok ? `verified ${result.rows} rows` : result.brokenSeq !== null ? `broken at ${result.brokenSeq}` : `broken: chain ${result.chain ?? '-'}` });
      return { result, record };
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

  /** The same report as a Danish letter to the citizen (PDF), from the auditor's authority; no staff names. */
  citizenLetter(ctx: AuditContext, fokuspersonId: string): Promise<Buffer> {
    return this.audited.run(ctx, async (tx, audit) => {
      const uses = await citizenAccessReport(tx, fokuspersonId, SUPERVISORY_PURPOSES);
      const authority = await findAuthority(tx, ctx.actor.authorityId);
      audit.use({ resourceId: fokuspersonId, fokuspersonId, detail: `citizen access letter (PDF), ${uses.length} uses` });
      return citizenAccessLetterPdf({ sender: authority?.name ?? 'PSP Koordinering', reference: fokuspersonId, writtenAt: new Date(), uses });
    });
  }
}

/** A time range runs forwards (well-formed dates in the wrong order break a rule: 422). */
function requireTimeRange(q: AccessLogQuery): void {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw new RuleViolationError(`from (${q.from}) is after to (${q.to}): give the earlier time as from`);
}

function runView(r: AccessLogVerificationRecord): VerificationRunView {
  return { verifiedAt: r.verifiedAt, ok: r.ok, rows: r.rows, chain: r.chain, brokenSeq: r.brokenSeq, brokenId: r.brokenId, reason: r.reason };
}

function describe(q: AccessLogQuery): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : String(v)}`)
    .join(';');
}

const CSV_COLUMNS: (keyof AccessLogEntryView)[] = [
  'seq', 'id', 'occurredAt', 'actorUserId', 'actorUsername', 'actorAuthorityId', 'actorRoles', 'action', 'resourceType',
  'resourceId', 'fokuspersonIds', 'purpose', 'outcome', 'detail', 'query', 'requestId', 'clientAddress',
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
