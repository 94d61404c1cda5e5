import type { FokuspersonStatus } from '@psp/domain';
import type { EntityManager } from 'typeorm';
import { STEP_COUNTS } from './case-list.repository';

/** An active person of the forum whose plan has overdue or blocked steps; the name still encrypted. */
export interface PersonNeedingAttentionRow {
  id: string;
  key_id: string | null;
  name_ciphertext: Buffer | null;
  overdue_steps: number;
  blocked_steps: number;
}

/** What a forum's coordinators see first: how many persons in each status, and whose plan needs attention. */
export const forumOverviewRepository = {
  async personsByStatus(tx: EntityManager, forumId: string): Promise<Partial<Record<FokuspersonStatus, number>>> {
    const rows: { status: FokuspersonStatus; n: number }[] = await tx.query(`SELECT status, count(*)::int AS n FROM fokusperson WHERE forum_id = $1 GROUP BY status`, [forumId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  },

  /** Active persons with overdue (as of `today`) or blocked steps, the most overdue first. */
  async needingAttention(tx: EntityManager, forumId: string, today: string, limit: number): Promise<PersonNeedingAttentionRow[]> {
    return tx.query(
      `SELECT p.id, p.key_id, p.name_ciphertext, c.overdue_steps, c.blocked_steps
         FROM fokusperson p ${STEP_COUNTS}
        WHERE p.forum_id = $1 AND p.status = 'ACTIVE' AND c.overdue_steps + c.blocked_steps > 0
        ORDER BY c.overdue_steps DESC, c.blocked_steps DESC, p.id LIMIT $3`,
      [forumId, today, limit],
    );
  },
};
