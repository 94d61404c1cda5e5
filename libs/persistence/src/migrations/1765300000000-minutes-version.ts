import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's minutes draft has a version of its own, counted up by each save: a coordinator's save
 * names the version it was made from, and one made from an older version is refused (409) instead
 * of overwriting another coordinator's work. (The meeting's `version` also counts moves, locks and
 * the workflow marking it held, which are no reason to refuse a draft.)
 */
export class MinutesVersion1765300000000 implements MigrationInterface {
  name = 'MinutesVersion1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting ADD COLUMN minutes_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting DROP COLUMN minutes_version`);
  }
}
