import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { ConflictError, definedOnly, NotFoundError } from '@psp/domain';
import { WORKFLOWS, type NotificationRequest } from '@psp/workflow-contracts';
import {
  authorityCodeTaken,
  deleteForumAuthority,
  findAppUser,
  findAuthority,
  findForum,
  foraWithoutAuthority,
  forumCodeTaken,
  forumMembersOfAuthority,
  insertAppUser,
  insertAuthority,
  insertForum,
  insertForumAuthority,
  listAppUsers,
  listAuthorities,
  listFora,
  updateAppUser,
  updateAuthority,
  updateForum,
  usernameTaken,
  type AppUser,
} from '@psp/persistence';
import { Client } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { API_CONFIG } from '../config.token';
import { UserDirectory } from '../identity/user-directory';
import { changesBetween, logAdminChange, type AdminActor, type AdminResource } from './admin-audit';
import { addForumMember, removeForumMember } from './forum-membership';
import type { AuthorityResponse, CreateAuthorityDto, UpdateAuthorityDto } from './dto/authority.dto';
import type { CreateForumDto, ForumResponse, UpdateForumDto } from './dto/forum.dto';
import type { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';

/** A forum's member authority, as a record that comes into being or goes away (a member user: forum-membership.ts). */
const memberAuthority = (before: { authorityId: string; code: string } | null, after: { authorityId: string; code: string } | null) =>
  changesBetween(before, after, ['authorityId', 'code']);

const AUTHORITY_FIELDS = ['code', 'name', 'kind', 'active'] as const;
const USER_FIELDS = ['username', 'displayName', 'email', 'authorityId', 'roles', 'active'] as const;
const FORUM_FIELDS = ['code', 'name', 'active'] as const;

/** Lays the fields given over `before`, writes the row only when one of `fields` changed, and logs the change. */
async function applyUpdate<T extends object>(
  tx: EntityManager,
  by: AdminActor,
  target: { resourceType: AdminResource; id: string; fields: readonly (keyof T & string)[] },
  before: T,
  given: Partial<T>,
  write: (after: T) => Promise<void>,
): Promise<T> {
  const after = { ...before, ...definedOnly(given) };
  const changes = changesBetween(before, after, target.fields);
  if (Object.keys(changes).length > 0) await write(after);
  await logAdminChange(tx, by, { action: 'UPDATE', resourceType: target.resourceType, resourceId: target.id, changes });
  return after;
}

/**
 * Authorities, users, fora and memberships. Administrators see and change no case data. Every
 * change is written to the access log in its own transaction (who, when, each changed field's old
 * and new value), so the auditor finds it by resource type (Authority, User, Forum,
 * ForumMembership) and action: a change that fails leaves neither.
 */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(UserDirectory) private readonly users: UserDirectory,
  ) {}

  listAuthorities(): Promise<AuthorityResponse[]> {
    return listAuthorities(this.dataSource);
  }

  createAuthority(by: AdminActor, dto: CreateAuthorityDto): Promise<AuthorityResponse> {
    return this.dataSource.transaction(async (tx) => {
      if (await authorityCodeTaken(tx, dto.code)) throw new ConflictError(`An authority with code "${dto.code}" already exists`);
      const created = await insertAuthority(tx, dto);
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'Authority', resourceId: created.id, changes: changesBetween(null, created, AUTHORITY_FIELDS) });
      return created;
    });
  }

  updateAuthority(by: AdminActor, id: string, dto: UpdateAuthorityDto): Promise<AuthorityResponse> {
    return this.dataSource.transaction(async (tx) => {
      const before = await findAuthority(tx, id, true);
      if (!before) throw new NotFoundError('Authority', id);
      return applyUpdate(tx, by, { resourceType: 'Authority', id, fields: AUTHORITY_FIELDS }, before, dto, (after) => updateAuthority(tx, id, after));
    });
  }

  listUsers(authorityId?: string): Promise<UserResponse[]> {
    return listAppUsers(this.dataSource, authorityId);
  }

  async createUser(by: AdminActor, dto: CreateUserDto): Promise<UserResponse> {
    const user = await this.dataSource.transaction(async (tx) => {
      await this.requireAuthority(tx, dto.authorityId);
      if (await usernameTaken(tx, dto.username)) {
        throw new ConflictError(`A user with username "${dto.username}" already exists`);
      }
      const created = await insertAppUser(tx, dto);
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'User', resourceId: created.id, changes: changesBetween(null, created, USER_FIELDS) });
      return created;
    });
    await this.sendWelcome(user);
    return user;
  }

  async updateUser(by: AdminActor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const before = await findAppUser(tx, id, true);
      if (!before) throw new NotFoundError('User', id);
      // An administrator cannot lock themselves out (and perhaps the system's last administrator).
      if (id === by.actor.userId && (dto.active === false || (dto.roles !== undefined && !dto.roles.includes('ADMIN')))) {
        throw new ConflictError('You cannot deactivate your own account or remove your own ADMIN role; another administrator can');
      }
      if (dto.authorityId && dto.authorityId !== before.authorityId) {
        await this.requireAuthority(tx, dto.authorityId);
        // Forum membership follows the authority: a move must not keep access to the old fora.
        const stale = await foraWithoutAuthority(tx, id, dto.authorityId);
        if (stale.length > 0) {
          throw new ConflictError(`Remove the user from ${stale.join(', ')} first: the new authority is not a member there`);
        }
      }
      return applyUpdate(tx, by, { resourceType: 'User', id, fields: USER_FIELDS }, before, dto, (after) => updateAppUser(tx, id, after));
    });
    // A deactivation or a removed role takes effect at once on this replica (others: within the cache time).
    this.users.invalidate();
    return updated;
  }

  listFora(): Promise<ForumResponse[]> {
    return listFora(this.dataSource);
  }

  async getForum(id: string): Promise<ForumResponse> {
    const forum = (await this.listFora()).find((f) => f.id === id);
    if (!forum) throw new NotFoundError('Forum', id);
    return forum;
  }

  async createForum(by: AdminActor, dto: CreateForumDto): Promise<ForumResponse> {
    const id = await this.dataSource.transaction(async (tx) => {
      if (await forumCodeTaken(tx, dto.code)) throw new ConflictError(`A forum with code "${dto.code}" already exists`);
      const forum = await insertForum(tx, dto);
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'Forum', resourceId: forum.id, changes: changesBetween(null, forum, FORUM_FIELDS) });
      for (const authorityId of dto.authorityIds ?? []) {
        const code = await this.requireAuthority(tx, authorityId);
        await insertForumAuthority(tx, forum.id, authorityId);
        await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forum.id, changes: memberAuthority(null, { authorityId, code }) });
      }
      return forum.id;
    });
    return this.getForum(id);
  }

  async updateForum(by: AdminActor, id: string, dto: UpdateForumDto): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      const before = await findForum(tx, id, true);
      if (!before) throw new NotFoundError('Forum', id);
      await applyUpdate(tx, by, { resourceType: 'Forum', id, fields: FORUM_FIELDS }, before, dto, (after) => updateForum(tx, id, after));
    });
    return this.getForum(id);
  }

  async addForumAuthority(by: AdminActor, forumId: string, authorityId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const code = await this.requireAuthority(tx, authorityId);
      // Already a member: nothing changed, nothing to log (the PUT is idempotent).
      if (await insertForumAuthority(tx, forumId, authorityId)) {
        await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberAuthority(null, { authorityId, code }) });
      }
    });
    return this.getForum(forumId);
  }

  async removeForumAuthority(by: AdminActor, forumId: string, authorityId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const members = await forumMembersOfAuthority(tx, forumId, authorityId);
      if (members.length > 0) {
        throw new ConflictError(`Remove the authority's members from the forum first: ${members.join(', ')}`);
      }
      if (!(await deleteForumAuthority(tx, forumId, authorityId))) throw new NotFoundError('Forum authority', authorityId);
      const code = await this.requireAuthority(tx, authorityId);
      await logAdminChange(tx, by, { action: 'DELETE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberAuthority({ authorityId, code }, null) });
    });
    return this.getForum(forumId);
  }

  async addForumMember(by: AdminActor, forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction((tx) => addForumMember(tx, by, forumId, userId));
    return this.getForum(forumId);
  }

  async removeForumMember(by: AdminActor, forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction((tx) => removeForumMember(tx, by, forumId, userId));
    return this.getForum(forumId);
  }

  /** The authority's code, or 404. */
  private async requireAuthority(tx: EntityManager, id: string): Promise<string> {
    const authority = await findAuthority(tx, id);
    if (!authority) throw new NotFoundError('Authority', id);
    return authority.code;
  }

  private async requireForum(tx: EntityManager, id: string): Promise<void> {
    if (!(await findForum(tx, id))) throw new NotFoundError('Forum', id);
  }

  /**
   * Greets a new user in their inbox through the notification workflow. The user already exists
   * when this runs; if Temporal is unreachable the greeting is lost, which is logged, not fatal.
   */
  private async sendWelcome(user: AppUser): Promise<void> {
    const request: NotificationRequest = {
      recipientUserId: user.id,
      purpose: 'welcome',
      kind: 'WELCOME',
      subject: 'Velkommen til PSP Koordinering',
      body: `Hej ${user.displayName}. Du er oprettet som bruger i PSP Koordinering med rollerne ${user.roles.join(', ')}.`,
      link: `${this.config.webBaseUrl}/`,
    };
    try {
      await this.temporal.workflow.start(WORKFLOWS.notification, {
        workflowId: `user-welcome-${user.id}`,
        taskQueue: this.config.temporal.taskQueue,
        args: [request],
      });
    } catch (err) {
      this.logger.error({ err, userId: user.id }, 'Could not start the welcome notification workflow');
    }
  }
}
