import type { AuthorityKind } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { rowById, uniqueTaken } from './admin-rows';

/** An authority (police district, municipality, psychiatry), as administration sees it. */
export interface Authority {
  id: string;
  code: string;
  name: string;
  kind: AuthorityKind;
  active: boolean;
}

/** What an administrator may change about an authority. */
export type AuthorityChanges = Pick<Authority, 'name' | 'kind' | 'active'>;

const COLUMNS = 'id, code, name, kind, active';

/** Every authority, by kind and then name. */
export async function listAuthorities(db: DataSource | EntityManager): Promise<Authority[]> {
  return db.query(`SELECT ${COLUMNS} FROM authority ORDER BY kind, name`);
}

/** The authority, or undefined; `forUpdate` locks its row until the transaction ends. */
export function findAuthority(db: DataSource | EntityManager, id: string, forUpdate = false): Promise<Authority | undefined> {
  return rowById(db, 'authority', COLUMNS, id, forUpdate);
}

export function authorityCodeTaken(db: DataSource | EntityManager, code: string): Promise<boolean> {
  return uniqueTaken(db, 'authority', 'code', code);
}

/** A new, active authority. */
export async function insertAuthority(tx: EntityManager, a: Pick<Authority, 'code' | 'name' | 'kind'>): Promise<Authority> {
  const [row]: Authority[] = await tx.query(`INSERT INTO authority (code, name, kind) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [a.code, a.name, a.kind]);
  return row;
}

export async function updateAuthority(tx: EntityManager, id: string, a: AuthorityChanges): Promise<void> {
  await tx.query(`UPDATE authority SET name = $2, kind = $3, active = $4, updated_at = now() WHERE id = $1`, [id, a.name, a.kind, a.active]);
}
