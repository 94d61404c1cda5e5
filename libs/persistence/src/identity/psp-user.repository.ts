import type { Role } from '@psp/domain';
import type { DataSource } from 'typeorm';

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
