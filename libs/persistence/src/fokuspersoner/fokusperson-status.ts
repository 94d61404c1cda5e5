import type { EntityManager } from 'typeorm';
import type { FokuspersonStatusValue } from './fokusperson.repository';

/** The person's status, their row locked until the caller's transaction ends; undefined for an unknown id. */
export async function lockFokuspersonStatus(tx: EntityManager, id: string): Promise<FokuspersonStatusValue | undefined> {
  const [row]: { status: FokuspersonStatusValue }[] = await tx.query(`SELECT status FROM fokusperson WHERE id = $1 FOR UPDATE`, [id]);
  return row?.status;
}
