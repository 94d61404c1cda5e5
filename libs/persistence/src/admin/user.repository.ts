import type { Role } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { rowById, uniqueTaken } from './admin-rows';

/** A member of staff, as administration sees them. */
export interface AppUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  authorityId: string;
  roles: Role[];
  active: boolean;
}

/** What an administrator may change about a user. */
export type AppUserChanges = Omit<AppUser, 'id' | 'username'>;

const COLUMNS = 'id, username, display_name AS "displayName", email, authority_id AS "authorityId", roles, active';

/** The users (of one authority, when given), by username. */
export async function listAppUsers(db: DataSource | EntityManager, authorityId?: string): Promise<AppUser[]> {
  return db.query(`SELECT ${COLUMNS} FROM app_user WHERE ($1::uuid IS NULL OR authority_id = $1) ORDER BY username`, [authorityId || null]);
}

/** The user, or undefined; `forUpdate` locks their row until the transaction ends. */
export function findAppUser(db: DataSource | EntityManager, id: string, forUpdate = false): Promise<AppUser | undefined> {
  return rowById(db, 'app_user', COLUMNS, id, forUpdate);
}

export function usernameTaken(db: DataSource | EntityManager, username: string): Promise<boolean> {
  return uniqueTaken(db, 'app_user', 'username', username);
}

/** A new, active user. */
export async function insertAppUser(tx: EntityManager, u: Omit<AppUser, 'id' | 'active'>): Promise<AppUser> {
  const [row]: AppUser[] = await tx.query(
    `INSERT INTO app_user (username, display_name, email, authority_id, roles) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [u.username, u.displayName, u.email, u.authorityId, u.roles],
  );
  return row;
}

export async function updateAppUser(tx: EntityManager, id: string, u: AppUserChanges): Promise<void> {
  await tx.query(`UPDATE app_user SET display_name = $2, email = $3, authority_id = $4, roles = $5, active = $6, updated_at = now() WHERE id = $1`, [
    id,
    u.displayName,
    u.email,
    u.authorityId,
    u.roles,
    u.active,
  ]);
}

/** The names of the fora the user belongs to where `authorityId` is not a member authority. */
export async function foraWithoutAuthority(db: DataSource | EntityManager, userId: string, authorityId: string): Promise<string[]> {
  const rows: { name: string }[] = await db.query(
    `SELECT f.name FROM forum_member m JOIN forum f ON f.id = m.forum_id
      WHERE m.user_id = $1
        AND NOT EXISTS (SELECT 1 FROM forum_authority fa WHERE fa.forum_id = m.forum_id AND fa.authority_id = $2)`,
    [userId, authorityId],
  );
  return rows.map((r) => r.name);
}
