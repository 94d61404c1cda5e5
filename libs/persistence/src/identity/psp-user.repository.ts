import type { AuthorityKind, Role } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';

/** What the PSP user table says a person may do. */
export interface PspUser {
  id: string;
  username: string;
  authorityId: string;
  roles: Role[];
  active: boolean;
}

export type PspUserKey = { id: string } | { username: string } | { email: string };

/** The PSP user a sign-in or token names (by id, username or e-mail), or undefined. */
export async function findPspUser(dataSource: DataSource, key: PspUserKey): Promise<PspUser | undefined> {
  const [column, value] = 'id' in key ? ['id', key.id] : 'username' in key ? ['username', key.username] : ['lower(email)', key.email.toLowerCase()];
  const rows: { id: string; username: string; authority_id: string; roles: Role[]; active: boolean }[] = await dataSource.query(
    `SELECT id, username, authority_id, roles, active FROM app_user WHERE ${column} = $1 ORDER BY active DESC LIMIT 2`,
    [value],
  );
  // Two users with one e-mail address cannot be told apart: neither is chosen.
  if (rows.length === 0 || ('email' in key && rows.length > 1)) return undefined;
  const r = rows[0];
  return { id: r.id, username: r.username, authorityId: r.authority_id, roles: r.roles, active: r.active };
}

/** A user as they see themselves: their account, authority and the active fora they belong to (by name). */
export interface UserProfile {
  id: string;
  username: string;
  displayName: string;
  email: string;
  active: boolean;
  authority: { id: string; name: string; kind: AuthorityKind };
  fora: { id: string; name: string }[];
}

export async function findUserProfile(db: DataSource | EntityManager, userId: string): Promise<UserProfile | undefined> {
  const [row]: {
    id: string;
    username: string;
    display_name: string;
    email: string;
    active: boolean;
    authority_id: string;
    authority_name: string;
    authority_kind: AuthorityKind;
    fora: { id: string; name: string }[];
  }[] = await db.query(
    `SELECT u.id, u.username, u.display_name, u.email, u.active,
            a.id AS authority_id, a.name AS authority_name, a.kind AS authority_kind,
            coalesce(json_agg(json_build_object('id', f.id, 'name', f.name) ORDER BY f.name)
                     FILTER (WHERE f.id IS NOT NULL), '[]') AS fora
       FROM app_user u
       JOIN authority a ON a.id = u.authority_id
       LEFT JOIN forum_member m ON m.user_id = u.id
       LEFT JOIN forum f ON f.id = m.forum_id AND f.active
      WHERE u.id = $1
      GROUP BY u.id, a.id`,
    [userId],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    active: row.active,
    authority: { id: row.authority_id, name: row.authority_name, kind: row.authority_kind },
    fora: row.fora,
  };
}
