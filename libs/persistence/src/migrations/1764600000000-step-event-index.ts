import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A step's history (its page) and the supervisor's weekly trend read step_event by step. */
export class StepEventIndex1764600000000 implements MigrationInterface {
  name = 'StepEventIndex1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX step_event_step ON step_event (step_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX step_event_step`);
  }
}
