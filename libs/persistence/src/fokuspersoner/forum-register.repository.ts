import type { DataSource, EntityManager } from 'typeorm';

/** An active forum's member authorities and whether a user is a member: what the register's need-to-know check needs. */
export interface ForumAccessRow {
  authorities: string[];
  is_member: boolean;
}

/** Names for a notice about a nomination: the forum, the nominating user and their authority. */
export interface NominationNames {
  forum: string;
  nominator: string;
  authority: string;
}

/** The active forum's access facts for `userId`, or undefined if there is no such active forum. */
export async function findForumAccess(db: DataSource | EntityManager, forumId: string, userId: string): Promise<ForumAccessRow | undefined> {
  const [row]: ForumAccessRow[] = await db.query(
    `SELECT coalesce((SELECT array_agg(authority_id) FROM forum_authority WHERE forum_id = f.id), '{}') AS authorities,
            EXISTS (SELECT 1 FROM forum_member WHERE forum_id = f.id AND user_id = $2) AS is_member
       FROM forum f WHERE f.id = $1 AND f.active`,
    [forumId, userId],
  );
  return row;
}

/** The ids of the forum's active coordinators other than `exceptUserId`, sorted. */
export async function listForumCoordinators(db: DataSource | EntityManager, forumId: string, exceptUserId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT u.id FROM forum_member fm JOIN app_user u ON u.id = fm.user_id
      WHERE fm.forum_id = $1 AND u.active AND 'COORDINATOR' = ANY(u.roles) AND u.id <> $2 ORDER BY u.id`,
    [forumId, exceptUserId],
  );
  return rows.map((r) => r.id);
}

export async function findNominationNames(db: DataSource | EntityManager, forumId: string, userId: string): Promise<NominationNames | undefined> {
  const [names]: NominationNames[] = await db.query(
    `SELECT f.name AS forum, u.display_name AS nominator, a.name AS authority
       FROM forum f, app_user u JOIN authority a ON a.id = u.authority_id WHERE f.id = $1 AND u.id = $2`,
    [forumId, userId],
  );
  return names;
}

/** The ids of the fora the user is a member of. */
export async function listMemberForumIds(db: DataSource | EntityManager, userId: string): Promise<string[]> {
  const rows: { forum_id: string }[] = await db.query(`SELECT forum_id FROM forum_member WHERE user_id = $1`, [userId]);
  return rows.map((r) => r.forum_id);
}
