import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * How many statements one connection keeps prepared. The application's statements are a fixed
 * set of texts (a few hundred at most: every repository's SQL, and the multi-row forms of the
 * access log's append for each batch size); a text beyond this many runs unprepared, so a
 * connection's memory in the server stays bounded whatever the application sends.
 */
export const PREPARED_PER_CONNECTION = 512;

/** The name a statement's text is prepared under: the same text has the same name on every connection. */
export function preparedStatementName(text: string): string {
  return `psp_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

/** pg's own `query`, which PreparingClient calls with a name or as it was called. */
const query = Client.prototype.query as unknown as (this: Client, ...args: unknown[]) => never;

/**
 * A pg client that prepares every statement sent with parameters, once per connection, and from
 * then on only binds and executes it. Without a name, pg sends such a statement unnamed, and
 * PostgreSQL parses, analyses and plans it again each time: measured with pgbench on this
 * machine, the register's audited read ran at 13,400/s unnamed and 47,800/s prepared
 * (docs/performance.md). The text is the statement's identity (`preparedStatementName`), so the
 * same statement gets the same plan cache on every connection. PostgreSQL chooses, per
 * statement, between a generic plan and one planned for the values (plan_cache_mode = auto).
 *
 * A statement without parameters goes as before (the simple protocol, which allows several
 * statements in one text: migrations, BEGIN, COMMIT). A statement the server rejects is not
 * kept: pg records a name only once the server has parsed it.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Set<string>();

  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = preparedStatementName(text);
      if (this.prepared.has(name) || this.prepared.size < PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        return query.call(this, { name, text, values });
      }
    }
    return query.apply(this, args);
  }
}
