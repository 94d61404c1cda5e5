import type { AccessLogEntry } from '@psp/persistence';
import type { DataSource } from 'typeorm';

/** The i-th access-log entry of a test: a coordinator's read of resource r-<i> in request req-<i>. */
export const testLogEntry = (i: number, over: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  actor: { userId: '6f1d2c8e-3b8a-4b7e-9a55-1f0e2d3c4b5a', username: 'koordinator.politi', authorityId: null, roles: ['COORDINATOR'] },
  action: 'READ',
  resourceType: 'Fokusperson',
  resourceId: `r-${i}`,
  purpose: 'PSP_CASE_PREPARATION',
  outcome: 'ALLOWED',
  requestId: `req-${i}`,
  ...over,
});

/**
 * The log as it will look once time has passed: as the superuser, behind the triggers
 * (replication role), makes the first rows of a chain older — the i-th row by `monthsOld[i]`
 * months, or every row by `monthsOld` when it is a number — and re-chains the hashes from there
 * and the chain's head, exactly as the trigger would have written them then. Only the test's own
 * database is touched; anchors written before it no longer match.
 */
export async function backdateAccessLog(superuser: DataSource, chain: number, monthsOld: number | number[]): Promise<void> {
  await superuser.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    const rows: { seq: string }[] = await tx.query(`SELECT seq::text FROM access_log WHERE chain = $1 ORDER BY chain_seq`, [chain]);
    if (rows.length === 0) throw new Error(`chain ${chain} has no rows to backdate`);
    const ages = typeof monthsOld === 'number' ? rows.map(() => monthsOld) : monthsOld;
    for (const [i, months] of ages.entries()) {
      await tx.query(`UPDATE access_log SET occurred_at = occurred_at - make_interval(months => $2) WHERE seq = $1`, [rows[i]!.seq, months]);
    }
    let hash: Buffer | undefined;
    for (const { seq } of rows) {
      [[{ hash }]] = await tx.query(
        `UPDATE access_log SET prev_hash = coalesce($2, prev_hash),
                hash = sha256(coalesce($2, prev_hash) || convert_to(access_log_row_text(access_log), 'UTF8'))
          WHERE seq = $1 RETURNING hash`,
        [seq, hash ?? null],
      );
    }
    await tx.query(`UPDATE access_log_head SET hash = $2 WHERE chain = $1`, [chain, hash]);
  });
}

/** The chains that have rows. */
export async function chainsWithRows(dataSource: DataSource): Promise<number[]> {
  return (await dataSource.query(`SELECT DISTINCT chain FROM access_log ORDER BY chain`)).map((r: { chain: number }) => Number(r.chain));
}
