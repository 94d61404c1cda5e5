import type { EntityManager } from 'typeorm';
import { appendAccessLog, type AccessLogEntry } from './access-log.writer';

export interface AccessLogAppenderOptions {
  /** How many appends may be under way at once, each on a connection of its own. */
  concurrency: number;
  /** The most rows one append writes. */
  maxRows: number;
  /** Told the number of rows of each append that committed (for metrics). */
  onAppend?: (rows: number) => void;
}

/**
 * How the api appends reads' log rows: one append at a time, of at most 64 rows. Chosen by
 * measurement (bench:access, 32 connections; docs/performance.md): with 1, 2, 4 and 8 at once the
 * yardstick (a) served 3,755, 3,356, 3,027 and 2,777 req/s, as fewer appends at once share more
 * rows each. A chain's head stays locked from a transaction's log rows until its commit, and the
 * api's audited transactions write theirs last: an append seldom waits longer than a commit.
 */
export const READ_APPENDS = { concurrency: 1, maxRows: 64 } as const;

interface Waiting {
  entries: AccessLogEntry[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Appends the access-log rows of reads, which have no transaction of their own to carry them
 * (AuditedTransactions.read), sharing statements between requests: group commit, done by the
 * application. A request's rows go at once while fewer than `concurrency` appends are under way;
 * otherwise they wait, and the next append takes every row then waiting (up to `maxRows`) in one
 * statement, so one commit and one chain lock serve many requests. Measured with pgbench on this
 * machine: one row per statement and commit, 8,500 rows/s; 16 rows per statement, 20,200 rows/s
 * (docs/performance.md).
 *
 * "No log, no data" holds per request: its promise settles only when its own rows have committed,
 * and the caller returns nothing before. When a shared append fails, each request's rows are
 * appended again on their own, so a request whose rows cannot be written fails alone.
 */
export class AccessLogAppender {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly db: EntityManager,
    private readonly options: AccessLogAppenderOptions,
  ) {}

  /** Resolves once `entries` have committed (at once when there are none); rejects if they cannot be. */
  append(entries: AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.take();
      this.running++;
      void this.write(batch).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  /** The requests of the next append, in the order they came: the first always, then as many as fit. */
  private take(): Waiting[] {
    const batch = [this.waiting.shift() as Waiting];
    let rows = batch[0].entries.length;
    while (this.waiting.length > 0 && rows + this.waiting[0].entries.length <= this.options.maxRows) {
      const w = this.waiting.shift() as Waiting;
      rows += w.entries.length;
      batch.push(w);
    }
    return batch;
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      await this.commit(batch.flatMap((w) => w.entries));
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One request's rows must not fail another's: each on its own.
      for (const w of batch) {
        await this.commit(w.entries).then(w.resolve, w.reject);
      }
    }
  }

  private async commit(entries: AccessLogEntry[]): Promise<void> {
    await appendAccessLog(this.db, entries);
    this.options.onAppend?.(entries.length);
  }
}
