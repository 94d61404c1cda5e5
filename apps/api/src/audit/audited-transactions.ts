import { Inject, Injectable } from '@nestjs/common';
import { AccessLogAppender, appendAccessLog, READ_APPENDS, type AccessLogAction, type AccessLogEntry } from '@psp/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { Metrics } from '../metrics/metrics';
import type { AuditContext } from './audit-context';

export interface UseOfData {
  action?: AccessLogAction;
  resourceType?: string;
  resourceId?: string | null;
  fokuspersonId?: string | null;
  /** Every person a use of several showed or changed: the use is one event naming them all. */
  fokuspersonIds?: readonly string[];
  detail?: string | null;
  query?: string | null;
}

/** Collects the log rows of one request: allowed uses and denials, one row per use (a list shown is one use). */
export class AuditRecorder {
  readonly allowed: AccessLogEntry[] = [];
  readonly denied: AccessLogEntry[] = [];

  constructor(private readonly ctx: AuditContext) {}

  use(u: UseOfData = {}): void {
    this.allowed.push(this.entry(u, 'ALLOWED'));
  }

  /** Records a refusal; the caller then throws. Denials are committed even though the work rolls back. */
  deny(u: UseOfData & { detail: string }): void {
    this.denied.push(this.entry(u, 'DENIED'));
  }

  private entry(u: UseOfData, outcome: 'ALLOWED' | 'DENIED'): AccessLogEntry {
    const { actor } = this.ctx;
    return {
      actor: { userId: actor.userId, username: actor.username, authorityId: actor.authorityId, roles: actor.roles },
      action: u.action ?? this.ctx.action,
      resourceType: u.resourceType ?? this.ctx.resourceType,
      resourceId: u.resourceId ?? null,
      fokuspersonId: u.fokuspersonId ?? null,
      ...(u.fokuspersonIds ? { fokuspersonIds: u.fokuspersonIds } : {}),
      purpose: this.ctx.purpose,
      outcome,
      detail: u.detail ?? null,
      query: u.query ?? null,
      requestId: this.ctx.requestId,
      clientAddress: this.ctx.clientAddress,
    };
  }
}

/**
 * Runs a use of personal data in one transaction whose last statement writes its access-log rows:
 * if the log cannot be written, nothing is returned or changed. A refusal rolls the work back and
 * logs the denial in a transaction of its own.
 */
@Injectable()
export class AuditedTransactions {
  /** Reads' log rows, in statements shared by the requests that wait at the same time (AccessLogAppender). */
  private readonly reads: AccessLogAppender;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.reads = new AccessLogAppender(dataSource.manager, {
      ...READ_APPENDS,
      onAppend: (rows) => metrics.accessLogAppendRows.observe(rows),
    });
  }

  async run<T>(ctx: AuditContext, work: (tx: EntityManager, audit: AuditRecorder) => Promise<T>): Promise<T> {
    const recorder = new AuditRecorder(ctx);
    try {
      const result = await this.dataSource.transaction(async (tx) => {
        const value = await work(tx, recorder);
        if (recorder.allowed.length === 0) throw new Error('a PersonalData route recorded no use of data');
        await appendAccessLog(tx, recorder.allowed);
        return value;
      });
      this.metrics.accessLogRows.inc({ outcome: 'ALLOWED' }, recorder.allowed.length);
      return result;
    } catch (err) {
      await this.logDenials(recorder);
      throw err;
    }
  }

  /**
   * A use of personal data that only reads, without a transaction: `work` reads (each query commits
   * on its own: give it one statement that brings the record with its need-to-know facts), then
   * the access-log rows are appended, in a statement shared with the reads that wait at the same
   * time, and only once they have committed is anything returned. "No log, no data" holds as in
   * `run`: a read changes nothing that could be rolled back, and if its rows cannot be written
   * nothing leaves the api. Never for work that writes: that takes `run`.
   */
  async read<T>(ctx: AuditContext, work: (db: EntityManager, audit: AuditRecorder) => Promise<T>): Promise<T> {
    const recorder = new AuditRecorder(ctx);
    let value: T;
    try {
      value = await work(this.dataSource.manager, recorder);
    } catch (err) {
      await this.logDenials(recorder);
      throw err;
    }
    if (recorder.allowed.length === 0) throw new Error('a PersonalData route recorded no use of data');
    await this.reads.append(recorder.allowed);
    this.metrics.accessLogRows.inc({ outcome: 'ALLOWED' }, recorder.allowed.length);
    return value;
  }

  /**
   * Decides and prepares a change that another component carries out and logs (a step's workflow
   * writes the step and its log row in one activity transaction). Only refusals are logged here.
   */
  async authorizeOnly<T>(ctx: AuditContext, work: (tx: EntityManager, audit: AuditRecorder) => Promise<T>): Promise<T> {
    const recorder = new AuditRecorder(ctx);
    try {
      return await this.dataSource.transaction(async (tx) => work(tx, recorder));
    } catch (err) {
      await this.logDenials(recorder);
      throw err;
    }
  }

  private async logDenials(recorder: AuditRecorder): Promise<void> {
    if (recorder.denied.length === 0) return;
    await this.dataSource.transaction((tx) => appendAccessLog(tx, recorder.denied));
    this.metrics.accessLogRows.inc({ outcome: 'DENIED' }, recorder.denied.length);
  }

  /** Logs a refusal decided before any data was touched (role or purpose). */
  async logDenial(entry: AccessLogEntry): Promise<void> {
    await this.dataSource.transaction((tx) => appendAccessLog(tx, entry));
    this.metrics.accessLogRows.inc({ outcome: 'DENIED' });
  }
}
