import type { DataSource, EntityManager } from 'typeorm';
import { rowById, uniqueTaken } from './admin-rows';

/** A standing PSP group. */
export interface Forum {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

/** A forum with its member authorities and member users (ids, sorted). */
export interface ForumWithMembers extends Forum {
  authorityIds: string[];
  memberUserIds: string[];
}

/** What an administrator may change about a forum. */
export type ForumChanges = Pick<Forum, 'name' | 'active'>;

const COLUMNS = 'id, code, name, active';

/** Every forum with its members, by name. */
export async function listFora(db: DataSource | EntityManager): Promise<ForumWithMembers[]> {
  return db.query(
    `SELECT f.id, f.code, f.name, f.active,
            coalesce((SELECT array_agg(authority_id ORDER BY authority_id) FROM forum_authority WHERE forum_id = f.id), '{}') AS "authorityIds",
            coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM forum_member WHERE forum_id = f.id), '{}') AS "memberUserIds"
       FROM forum f ORDER BY f.name`,
  );
}

/** The forum, or undefined; `forUpdate` locks its row until the transaction ends. */
export function findForum(db: DataSource | EntityManager, id: string, forUpdate = false): Promise<Forum | undefined> {
  return rowById(db, 'forum', COLUMNS, id, forUpdate);
}

export function forumCodeTaken(db: DataSource | EntityManager, code: string): Promise<boolean> {
  return uniqueTaken(db, 'forum', 'code', code);
}

/** A new, active forum without members. */
export async function insertForum(tx: EntityManager, f: Pick<Forum, 'code' | 'name'>): Promise<Forum> {
  const [row]: Forum[] = await tx.query(`INSERT INTO forum (code, name) VALUES ($1, $2) RETURNING ${COLUMNS}`, [f.code, f.name]);
  return row;
}

export async function updateForum(tx: EntityManager, id: string, f: ForumChanges): Promise<void> {
  await tx.query(`UPDATE forum SET name = $2, active = $3, updated_at = now() WHERE id = $1`, [id, f.name, f.active]);
}

/** Whether `authorityId` is a member authority of the forum. */
export async function forumHasAuthority(db: DataSource | EntityManager, forumId: string, authorityId: string): Promise<boolean> {
  const [{ member }]: { member: boolean }[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM forum_authority WHERE forum_id = $1 AND authority_id = $2) AS member`,
    [forumId, authorityId],
  );
  return member;
}

/** Makes the authority a member of the forum; false when it already was. */
export async function insertForumAuthority(tx: EntityManager, forumId: string, authorityId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(`INSERT INTO forum_authority (forum_id, authority_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING forum_id`, [
    forumId,
    authorityId,
  ]);
  return rows.length > 0;
}

/** Removes the authority from the forum; false when it was not a member. */
export async function deleteForumAuthority(tx: EntityManager, forumId: string, authorityId: string): Promise<boolean> {
  // TypeORM answers a DELETE on PostgreSQL with [rows, affected].
  const [, affected]: [unknown[], number] = await tx.query(`DELETE FROM forum_authority WHERE forum_id = $1 AND authority_id = $2`, [forumId, authorityId]);
  return affected > 0;
}

/** The usernames of the forum's members who belong to `authorityId`. */
export async function forumMembersOfAuthority(db: DataSource | EntityManager, forumId: string, authorityId: string): Promise<string[]> {
  const rows: { username: string }[] = await db.query(
    `SELECT u.username FROM forum_member m JOIN app_user u ON u.id = m.user_id
      WHERE m.forum_id = $1 AND u.authority_id = $2`,
    [forumId, authorityId],
  );
  return rows.map((r) => r.username);
}

/** Makes the user a member of the forum; false when they already were. */
export async function insertForumMember(tx: EntityManager, forumId: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(`INSERT INTO forum_member (forum_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING forum_id`, [forumId, userId]);
  return rows.length > 0;
}

/** Removes the user from the forum; false when they were not a member. */
export async function deleteForumMember(tx: EntityManager, forumId: string, userId: string): Promise<boolean> {
  const [, affected]: [unknown[], number] = await tx.query(`DELETE FROM forum_member WHERE forum_id = $1 AND user_id = $2`, [forumId, userId]);
  return affected > 0;
}

/** The active fora `authorityId` is a member authority of, by name, each with all its member authorities. */
export async function listForaOfAuthority(db: DataSource | EntityManager, authorityId: string): Promise<{ id: string; name: string; authorityIds: string[] }[]> {
  return db.query(
    `SELECT f.id, f.name, array_agg(fa.authority_id) AS "authorityIds"
       FROM forum f JOIN forum_authority fa ON fa.forum_id = f.id
      WHERE f.active AND f.id IN (SELECT forum_id FROM forum_authority WHERE authority_id = $1)
      GROUP BY f.id, f.name
      ORDER BY f.name, f.id`,
    [authorityId],
  );
}

/** A user as a forum's coordinators see them: a member of the forum, or one they could add. */
export interface ForumStaffRow {
  userId: string;
  username: string;
  displayName: string;
  authorityId: string;
  authorityName: string;
  roles: string[];
  active: boolean;
  member: boolean;
}

/**
 * The forum's members (active or not) and the active coordinators, caseworkers and supervisors of
 * its member authorities who are not members yet, by name.
 */
export async function listForumStaff(db: DataSource | EntityManager, forumId: string): Promise<ForumStaffRow[]> {
  return db.query(
    `SELECT u.id AS "userId", u.username, u.display_name AS "displayName", u.authority_id AS "authorityId", a.name AS "authorityName",
            u.roles, u.active, (fm.user_id IS NOT NULL) AS member
       FROM app_user u JOIN authority a ON a.id = u.authority_id
       LEFT JOIN forum_member fm ON fm.forum_id = $1 AND fm.user_id = u.id
      WHERE fm.user_id IS NOT NULL
         OR (u.active AND u.roles && ARRAY['COORDINATOR', 'CASEWORKER', 'SUPERVISOR']::text[]
             AND u.authority_id IN (SELECT authority_id FROM forum_authority WHERE forum_id = $1))
      ORDER BY u.display_name, u.id`,
    [forumId],
  );
}
