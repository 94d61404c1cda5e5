import type { EntityManager } from 'typeorm';

/** A member authority of a forum with the active caseworkers a coordinator may assign a step to. */
export interface ForumAssigneeRow {
  authority_id: string;
  authority_name: string;
  users: { id: string; displayName: string }[];
}

/** Staff only (no citizen data): what the minutes editor offers as a step's owner and assignee. */
export const forumAssigneeRepository = {
  async list(tx: EntityManager, forumId: string): Promise<ForumAssigneeRow[]> {
    return tx.query(
      `SELECT a.id AS authority_id, a.name AS authority_name,
              COALESCE((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id)
                          FROM app_user u
                         WHERE u.authority_id = a.id AND u.active AND 'CASEWORKER' = ANY (u.roles)), '[]'::json) AS users
         FROM forum_authority fa JOIN authority a ON a.id = fa.authority_id
        WHERE fa.forum_id = $1 AND a.active
        ORDER BY a.name, a.id`,
      [forumId],
    );
  },
};
