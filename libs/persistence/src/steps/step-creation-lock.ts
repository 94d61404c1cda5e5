import type { EntityManager } from 'typeorm';

/**
 * The api starts a step's workflow inside the transaction that creates the step, so the workflow
 * can look for the step before it is committed. The creating transaction holds this lock until it
 * ends; a reader that takes it (shared) first waits for that end, and then sees the step if it
 * was committed. Both must run inside a transaction (the lock is released at its end).
 */
export async function lockStepCreation(tx: EntityManager, stepId: string, mode: 'create' | 'read'): Promise<void> {
  await tx.query(mode === 'create' ? `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))` : `SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [
    `step:${stepId}`,
  ]);
}
