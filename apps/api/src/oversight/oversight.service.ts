import { Inject, Injectable } from '@nestjs/common';
import { copenhagenDate, trendWeeks, type Actor } from '@psp/domain';
import { decryptName, FieldCipher } from '@psp/persistence';
import { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { decryptStepText } from '../steps/step-text';
import type { UserRef } from '../common/refs.dto';
import type { BlockedStepView, OversightGroupView, TrendWeekView } from './oversight.dto';

/** Only these roles can be given a step (the assignee works it: a caseworker, or a supervisor themself). */
const ASSIGNABLE_ROLES = ['CASEWORKER', 'SUPERVISOR'];
const byDanishName = new Intl.Collator('da');

/**
 * A supervisor's view of their own authority's steps: overdue and soon due, blocked, who can take
 * them over, and the trend. Lists that name a person are audited like every read of a step: one
 * SEARCH row with the criterion, one READ row per step shown.
 */
@Injectable()
export class OversightService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  overdue(ctx: AuditContext, soonDays: number): Promise<OversightGroupView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const today = copenhagenDate(new Date());
      const rows = await tx.query(
        `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.assignee_user_id, s.key_id, s.description_ciphertext,
                u.display_name, ($2::date - s.due_date) AS days_overdue,
                p.key_id AS person_key_id, p.name_ciphertext, f.id AS forum_id, f.name AS forum_name
           FROM step s
           JOIN app_user u ON u.id = s.assignee_user_id
           JOIN fokusperson p ON p.id = s.fokusperson_id
           JOIN forum f ON f.id = p.forum_id
          WHERE s.owner_authority_id = $1 AND s.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')
            AND s.due_date <= $2::date + $3::int
          ORDER BY u.display_name, s.due_date, s.id`,
        [ctx.actor.authorityId, today, soonDays],
      );
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `owner=${ctx.actor.authorityId};dueWithin=${soonDays}` });
      const groups = new Map<string, OversightGroupView>();
      for (const r of rows) {
        audit.use({ resourceType: 'Step', resourceId: r.id, fokuspersonId: r.fokusperson_id });
        const group: OversightGroupView = groups.get(r.assignee_user_id) ?? { assignee: { id: r.assignee_user_id, displayName: r.display_name }, steps: [] };
        group.steps.push({
          stepId: r.id,
          fokuspersonId: r.fokusperson_id,
          description: decryptStepText(this.cipher, r.id, 'description', r.key_id, r.description_ciphertext),
          fokusperson: { id: r.fokusperson_id, name: decryptName(this.cipher, r.fokusperson_id, r.person_key_id, r.name_ciphertext) },
          forum: { id: r.forum_id, name: r.forum_name },
          dueDate: r.due_date,
          status: r.status,
          daysOverdue: Number(r.days_overdue),
        });
        groups.set(r.assignee_user_id, group);
      }
      return [...groups.values()];
    });
  }

  /** The authority's blocked steps, the longest blocked first. */
  blocked(ctx: AuditContext): Promise<BlockedStepView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await tx.query(
        `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.block_reason, s.key_id, s.description_ciphertext, s.note_key_id, s.note_ciphertext,
                s.assignee_user_id, u.display_name, p.key_id AS person_key_id, p.name_ciphertext, f.id AS forum_id, f.name AS forum_name,
                (SELECT max(e.at) FROM step_event e WHERE e.step_id = s.id AND e.action = 'BLOCK') AS blocked_at
           FROM step s
           JOIN app_user u ON u.id = s.assignee_user_id
           JOIN fokusperson p ON p.id = s.fokusperson_id
           JOIN forum f ON f.id = p.forum_id
          WHERE s.owner_authority_id = $1 AND s.status = 'BLOCKED'
          ORDER BY blocked_at NULLS FIRST, s.due_date, s.id
          LIMIT 500`,
        [ctx.actor.authorityId],
      );
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `owner=${ctx.actor.authorityId};status=BLOCKED` });
      return rows.map((r: Record<string, never>) => {
        audit.use({ resourceType: 'Step', resourceId: r['id'], fokuspersonId: r['fokusperson_id'] });
        return {
          stepId: r['id'],
          description: decryptStepText(this.cipher, r['id'], 'description', r['key_id'], r['description_ciphertext']),
          blockReason: r['block_reason'],
          blockText: decryptStepText(this.cipher, r['id'], 'note', r['note_key_id'], r['note_ciphertext']),
          blockedAt: r['blocked_at'],
          assignee: { id: r['assignee_user_id'], displayName: r['display_name'] },
          fokusperson: { id: r['fokusperson_id'], name: decryptName(this.cipher, r['fokusperson_id'], r['person_key_id'], r['name_ciphertext']) },
          forum: { id: r['forum_id'], name: r['forum_name'] },
          dueDate: r['due_date'],
        };
      });
    });
  }

  /** Who in the caller's own authority can be given a step: active caseworkers and supervisors, by name. */
  async caseworkers(actor: Actor): Promise<UserRef[]> {
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      `SELECT id, display_name FROM app_user WHERE authority_id = $1 AND active AND roles && $2::text[]`,
      [actor.authorityId, ASSIGNABLE_ROLES],
    );
    return rows
      .map((r) => ({ id: r.id, displayName: r.display_name }))
      .sort((a, b) => byDanishName.compare(a.displayName, b.displayName) || (a.id < b.id ? -1 : 1));
  }

  /**
   * Per ISO week, the authority's open and overdue steps at the end of the week (now, for the
   * current one). A step's status then is replayed from its history (step_event; no event yet:
   * ASSIGNED since it was created). Its due date then is not: the history does not record moved
   * due dates, so overdue is judged against the current due date — a step whose date was moved
   * later counts as on time in the weeks before the move.
   */
  async trend(actor: Actor, weeks: number): Promise<TrendWeekView[]> {
    const points = trendWeeks(new Date(), weeks);
    const rows: { week_start: string; open: string; overdue: string }[] = await this.dataSource.query(
      `WITH w AS (
         SELECT * FROM unnest($2::date[], $3::date[], $4::timestamptz[]) AS w(week_start, day, at)
       ), s AS (
         SELECT id, due_date, created_at FROM step WHERE owner_authority_id = $1
       ), ev AS (
         SELECT e.id, e.step_id, e.at, e.to_status FROM step_event e JOIN s ON s.id = e.step_id
       ), status_then AS (
         SELECT DISTINCT ON (w.week_start, s.id) w.week_start, w.day, s.due_date, coalesce(ev.to_status, 'ASSIGNED') AS status
           FROM w JOIN s ON s.created_at <= w.at
           LEFT JOIN ev ON ev.step_id = s.id AND ev.at <= w.at
          ORDER BY w.week_start, s.id, ev.at DESC NULLS LAST, ev.id DESC NULLS LAST
       )
       SELECT to_char(w.week_start, 'YYYY-MM-DD') AS week_start,
              count(t.week_start) FILTER (WHERE t.status NOT IN ('DONE', 'CANCELLED')) AS open,
              count(t.week_start) FILTER (WHERE t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND t.due_date < t.day) AS overdue
         FROM w LEFT JOIN status_then t ON t.week_start = w.week_start
        GROUP BY w.week_start
        ORDER BY w.week_start`,
      [actor.authorityId, points.map((p) => p.weekStart), points.map((p) => p.day), points.map((p) => p.at)],
    );
    return rows.map((r) => ({ weekStart: r.week_start, open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
