import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { verifyAccessLog } from '@psp/persistence';
import { DataSource, type EntityManager } from 'typeorm';
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

  query(ctx: AuditContext, q: AccessLogQuery): Promise<AccessLogPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 100;
    return this.audited.run(ctx, async (tx, audit) => {
      const { where, params } = filter(q);
      const [{ total }] = await tx.query(`SELECT count(*)::int AS total FROM access_log ${where}`, params);
      const rows = await this.rows(tx, where, params, pageSize, (page - 1) * pageSize);
      audit.use({ query: describe(q), fokuspersonId: q.fokuspersonId ?? null, detail: `page ${page}` });
      return { items: rows, page, pageSize, total };
    });
  }

  exportCsv(ctx: AuditContext, q: AccessLogQuery): Promise<string> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { where, params } = filter(q);
      const rows = await this.rows(tx, where, params, EXPORT_LIMIT, 0);
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

  /** What a citizen may learn: when, which authority, what and why — never who (staff names). */
  citizenReport(ctx: AuditContext, fokuspersonId: string): Promise<CitizenAccessView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await tx.query(
        `SELECT to_char(l.occurred_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD') AS date,
                coalesce(a.name, CASE WHEN l.actor_username = 'system' THEN 'PSP Koordinering (automatisk)' END) AS authority,
                l.action, l.purpose
           FROM access_log l LEFT JOIN authority a ON a.id = l.actor_authority_id
          WHERE l.fokusperson_id = $1 AND l.outcome = 'ALLOWED'
          ORDER BY l.seq`,
        [fokuspersonId],
      );
      audit.use({ resourceId: fokuspersonId, fokuspersonId, detail: 'citizen access report' });
      return rows;
    });
  }

  private async rows(tx: EntityManager, where: string, params: unknown[], limit: number, offset: number): Promise<AccessLogEntryView[]> {
    const rows = await tx.query(
      `SELECT seq, id, occurred_at, actor_user_id, actor_username, actor_authority_id, actor_roles, action, resource_type,
              resource_id, fokusperson_id, purpose, outcome, detail, query, request_id, client_address
         FROM access_log ${where} ORDER BY seq LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      params,
    );
    return rows.map((r: Record<string, never>) => ({
      seq: Number(r['seq']),
      id: r['id'],
      occurredAt: r['occurred_at'],
      actorUserId: r['actor_user_id'],
      actorUsername: r['actor_username'],
      actorAuthorityId: r['actor_authority_id'],
      actorRoles: r['actor_roles'],
      action: r['action'],
      resourceType: r['resource_type'],
      resourceId: r['resource_id'],
      fokuspersonId: r['fokusperson_id'],
      purpose: r['purpose'],
      outcome: r['outcome'],
      detail: r['detail'],
      query: r['query'],
      requestId: r['request_id'],
      clientAddress: r['client_address'],
    }));
  }
}

function filter(q: AccessLogQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (q.fokuspersonId) add('fokusperson_id = ?', q.fokuspersonId);
  if (q.actorUserId) add('actor_user_id = ?', q.actorUserId);
  if (q.authorityId) add('actor_authority_id = ?', q.authorityId);
  if (q.action) add('action = ?', q.action);
  if (q.resourceType) add('resource_type = ?', q.resourceType);
  if (q.resourceId) add('resource_id = ?', q.resourceId);
  if (q.from) add('occurred_at >= ?', q.from);
  if (q.to) add('occurred_at < ?', q.to);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
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
