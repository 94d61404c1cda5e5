import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step keeps the reminder policy it was agreed under: its forum's own settings at that moment
 * (null: the defaults), as the forum keeps them. The step's workflow has run by that policy from
 * its start; now the api computes the step's next reminder or escalation from the step's row too,
 * without asking the workflow (a query needs the worker, and under load it was most of a task
 * action's time: bench:load, docs/performance.md).
 *
 * Existing steps get their forum's settings as they are now. A step agreed before its forum
 * changed its policy runs by the earlier one in its workflow, and its page shows times by the
 * later one: before this migration no step recorded which it had.
 */
export class StepReminderPolicy1765700000000 implements MigrationInterface {
  name = 'StepReminderPolicy1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE step ADD COLUMN reminder_policy jsonb`);
    await q.query(`UPDATE step s SET reminder_policy = f.reminder_policy FROM fokusperson p JOIN forum f ON f.id = p.forum_id WHERE p.id = s.fokusperson_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE step DROP COLUMN reminder_policy`);
  }
}
