import { Inject, Injectable } from '@nestjs/common';
import { appendAccessLog, type AccessLogAction, type AccessLogEntry } from '@psp/persistence';
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
  /** Uses whose rows the read's own statement appended (`entryFor`, then `appended`). */
  readonly written: AccessLogEntry[] = [];

  constructor(private readonly ctx: AuditContext) {}

  use(u: UseOfData = {}): void {
    this.allowed.push(this.entry(u, 'ALLOWED'));
  }

  /** The row an allowed use writes, for a statement that reads and appends it in one round trip. */
  entryFor(u: UseOfData): AccessLogEntry {
    return this.entry(u, 'ALLOWED');
  }

  /** That statement appended the row: it is this request's record of the use, not to be written again. */
  appended(entry: AccessLogEntry): void {
    this.written.push(entry);
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
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

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
   * A use of personal data that only reads, in two statements and no enclosing transaction: `work`
   * reads (each query commits on its own: give it one statement that brings the record with its
   * need-to-know facts), then the access-log row is appended in a statement of its own, and only
   * once that has committed is anything returned. "No log, no data" holds as in `run`: a read
   * changes nothing that could be rolled back, and if the log cannot be written nothing leaves the
   * api. Half the round trips of `run` (no BEGIN and COMMIT): bench:access measures the difference.
   * A read may append its own row in its one statement (`entryFor`/`appended`): then it is one
   * round trip. Never for work that writes: that takes `run`.
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
    if (recorder.allowed.length + recorder.written.length === 0) throw new Error('a PersonalData route recorded no use of data');
    await appendAccessLog(this.dataSource.manager, recorder.allowed);
    this.metrics.accessLogRows.inc({ outcome: 'ALLOWED' }, recorder.allowed.length + recorder.written.length);
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
