import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@psp/domain';
import { forumAssigneeRepository } from '@psp/persistence';
import { DataSource } from 'typeorm';
import type { AssigneeAuthorityView } from './forum-assignees.dto';
import { forumFor } from './meeting-access';

/** Whom the forum's coordinators may make a step's owner and assignee in the minutes (staff, no citizen data). */
@Injectable()
export class ForumAssigneesService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(actor: Actor, forumId: string): Promise<AssigneeAuthorityView[]> {
    const tx = this.dataSource.manager;
    await forumFor(tx, actor, forumId, 'DECIDE');
    const rows = await forumAssigneeRepository.list(tx, forumId);
    return rows.map((r) => ({ authority: { id: r.authority_id, name: r.authority_name }, users: r.users }));
  }
}
