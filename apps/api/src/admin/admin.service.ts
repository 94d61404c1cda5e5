import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { ConflictError, NotFoundError, WORKFLOWS, type NotificationRequest } from '@psp/domain';
import {
  AuthorityEntity,
  ForumAuthorityEntity,
  ForumEntity,
  ForumMemberEntity,
  UserEntity,
} from '@psp/persistence';
import { Client } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { API_CONFIG } from '../config.token';
import { UserDirectory } from '../identity/user-directory';
import { changesBetween, logAdminChange, type AdminActor } from './admin-audit';
import type { AuthorityResponse, CreateAuthorityDto, UpdateAuthorityDto } from './dto/authority.dto';
import type { CreateForumDto, ForumResponse, UpdateForumDto } from './dto/forum.dto';
import type { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';

/** A forum's member authority or member user, as a record that comes into being or goes away. */
const memberAuthority = (before: { authorityId: string; code: string } | null, after: { authorityId: string; code: string } | null) =>
  changesBetween(before, after, ['authorityId', 'code']);
const member = (before: { userId: string; username: string } | null, after: { userId: string; username: string } | null) =>
  changesBetween(before, after, ['userId', 'username']);

const toAuthority = (a: AuthorityEntity): AuthorityResponse => ({
  id: a.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  active: a.active,
});

const toUser = (u: UserEntity): UserResponse => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  authorityId: u.authorityId,
  roles: u.roles,
  active: u.active,
});

const AUTHORITY_FIELDS = ['code', 'name', 'kind', 'active'] as const;
const USER_FIELDS = ['username', 'displayName', 'email', 'authorityId', 'roles', 'active'] as const;
const FORUM_FIELDS = ['code', 'name', 'active'] as const;

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

  async listAuthorities(): Promise<AuthorityResponse[]> {
    const rows = await this.dataSource.getRepository(AuthorityEntity).find({ order: { kind: 'ASC', name: 'ASC' } });
    return rows.map(toAuthority);
  }

  createAuthority(by: AdminActor, dto: CreateAuthorityDto): Promise<AuthorityResponse> {
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(AuthorityEntity);
      if (await repo.existsBy({ code: dto.code })) throw new ConflictError(`An authority with code "${dto.code}" already exists`);
      const created = toAuthority(await repo.save(repo.create(dto)));
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'Authority', resourceId: created.id, changes: changesBetween(null, created, AUTHORITY_FIELDS) });
      return created;
    });
  }

  updateAuthority(by: AdminActor, id: string, dto: UpdateAuthorityDto): Promise<AuthorityResponse> {
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(AuthorityEntity);
      const authority = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!authority) throw new NotFoundError('Authority', id);
      const before = toAuthority(authority);
      const after = toAuthority(await repo.save(repo.merge(authority, dto)));
      await logAdminChange(tx, by, { action: 'UPDATE', resourceType: 'Authority', resourceId: id, changes: changesBetween(before, after, AUTHORITY_FIELDS) });
      return after;
    });
  }

  async listUsers(authorityId?: string): Promise<UserResponse[]> {
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: authorityId ? { authorityId } : {}, order: { username: 'ASC' } });
    return rows.map(toUser);
  }

  async createUser(by: AdminActor, dto: CreateUserDto): Promise<UserResponse> {
    const user = await this.dataSource.transaction(async (tx) => {
      await this.requireAuthority(tx, dto.authorityId);
      const repo = tx.getRepository(UserEntity);
      if (await repo.existsBy({ username: dto.username })) {
        throw new ConflictError(`A user with username "${dto.username}" already exists`);
      }
      const created = await repo.save(repo.create(dto));
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'User', resourceId: created.id, changes: changesBetween(null, toUser(created), USER_FIELDS) });
      return created;
    });
    await this.sendWelcome(user);
    return toUser(user);
  }

  async updateUser(by: AdminActor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('User', id);
      // An administrator cannot lock themselves out (and perhaps the system's last administrator).
      if (id === by.actor.userId && (dto.active === false || (dto.roles !== undefined && !dto.roles.includes('ADMIN')))) {
        throw new ConflictError('You cannot deactivate your own account or remove your own ADMIN role; another administrator can');
      }
      const before = toUser(user);
      if (dto.authorityId && dto.authorityId !== user.authorityId) {
        await this.requireAuthority(tx, dto.authorityId);
        // Forum membership follows the authority: a move must not keep access to the old fora.
        const stale = await tx.query(
          `SELECT f.name FROM forum_member m JOIN forum f ON f.id = m.forum_id
            WHERE m.user_id = $1
              AND NOT EXISTS (SELECT 1 FROM forum_authority fa WHERE fa.forum_id = m.forum_id AND fa.authority_id = $2)`,
          [id, dto.authorityId],
        );
        if (stale.length > 0) {
          throw new ConflictError(
            `Remove the user from ${stale.map((r: { name: string }) => r.name).join(', ')} first: the new authority is not a member there`,
          );
        }
      }
      const after = toUser(await repo.save(repo.merge(user, dto)));
      await logAdminChange(tx, by, { action: 'UPDATE', resourceType: 'User', resourceId: id, changes: changesBetween(before, after, USER_FIELDS) });
      return after;
    });
    // A deactivation or a removed role takes effect at once on this replica (others: within the cache time).
    this.users.invalidate();
    return updated;
  }

  async listFora(): Promise<ForumResponse[]> {
    const rows = await this.dataSource.query(
      `SELECT f.id, f.code, f.name, f.active,
              coalesce((SELECT array_agg(authority_id ORDER BY authority_id) FROM forum_authority WHERE forum_id = f.id), '{}') AS authority_ids,
              coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM forum_member WHERE forum_id = f.id), '{}') AS member_ids
         FROM forum f ORDER BY f.name`,
    );
    return rows.map((r: Record<string, never>) => ({
      id: r['id'],
      code: r['code'],
      name: r['name'],
      active: r['active'],
      authorityIds: r['authority_ids'],
      memberUserIds: r['member_ids'],
    }));
  }

  async getForum(id: string): Promise<ForumResponse> {
    const forum = (await this.listFora()).find((f) => f.id === id);
    if (!forum) throw new NotFoundError('Forum', id);
    return forum;
  }

  async createForum(by: AdminActor, dto: CreateForumDto): Promise<ForumResponse> {
    const id = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(ForumEntity);
      if (await repo.existsBy({ code: dto.code })) throw new ConflictError(`A forum with code "${dto.code}" already exists`);
      const forum = await repo.save(repo.create({ code: dto.code, name: dto.name }));
      await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'Forum', resourceId: forum.id, changes: changesBetween(null, forum, FORUM_FIELDS) });
      for (const authorityId of dto.authorityIds ?? []) {
        const code = await this.requireAuthority(tx, authorityId);
        await tx.getRepository(ForumAuthorityEntity).insert({ forumId: forum.id, authorityId });
        await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forum.id, changes: memberAuthority(null, { authorityId, code }) });
      }
      return forum.id;
    });
    return this.getForum(id);
  }

  async updateForum(by: AdminActor, id: string, dto: UpdateForumDto): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(ForumEntity);
      const forum = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!forum) throw new NotFoundError('Forum', id);
      const before = { ...forum };
      const after = await repo.save(repo.merge(forum, dto));
      await logAdminChange(tx, by, { action: 'UPDATE', resourceType: 'Forum', resourceId: id, changes: changesBetween(before, after, FORUM_FIELDS) });
    });
    return this.getForum(id);
  }

  async addForumAuthority(by: AdminActor, forumId: string, authorityId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const code = await this.requireAuthority(tx, authorityId);
      const added: unknown[] = await tx.query(
        `INSERT INTO forum_authority (forum_id, authority_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING forum_id`,
        [forumId, authorityId],
      );
      // Already a member: nothing changed, nothing to log (the PUT is idempotent).
      if (added.length > 0) {
        await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberAuthority(null, { authorityId, code }) });
      }
    });
    return this.getForum(forumId);
  }

  async removeForumAuthority(by: AdminActor, forumId: string, authorityId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const members = await tx.query(
        `SELECT u.username FROM forum_member m JOIN app_user u ON u.id = m.user_id
          WHERE m.forum_id = $1 AND u.authority_id = $2`,
        [forumId, authorityId],
      );
      if (members.length > 0) {
        throw new ConflictError(
          `Remove the authority's members from the forum first: ${members.map((m: { username: string }) => m.username).join(', ')}`,
        );
      }
      const result = await tx.getRepository(ForumAuthorityEntity).delete({ forumId, authorityId });
      if (!result.affected) throw new NotFoundError('Forum authority', authorityId);
      const [{ code }] = await tx.query(`SELECT code FROM authority WHERE id = $1`, [authorityId]);
      await logAdminChange(tx, by, { action: 'DELETE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberAuthority({ authorityId, code }, null) });
    });
    return this.getForum(forumId);
  }

  async addForumMember(by: AdminActor, forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const user = await tx.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw new NotFoundError('User', userId);
      const allowed = await tx.getRepository(ForumAuthorityEntity).existsBy({ forumId, authorityId: user.authorityId });
      if (!allowed) {
        throw new ConflictError(`User ${user.username} belongs to an authority that is not a member of this forum`);
      }
      const added: unknown[] = await tx.query(
        `INSERT INTO forum_member (forum_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING forum_id`,
        [forumId, userId],
      );
      if (added.length > 0) {
        await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forumId, changes: member(null, { userId, username: user.username }) });
      }
    });
    return this.getForum(forumId);
  }

  async removeForumMember(by: AdminActor, forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const result = await tx.getRepository(ForumMemberEntity).delete({ forumId, userId });
      if (!result.affected) throw new NotFoundError('Forum member', userId);
      const [{ username }] = await tx.query(`SELECT username FROM app_user WHERE id = $1`, [userId]);
      await logAdminChange(tx, by, { action: 'DELETE', resourceType: 'ForumMembership', resourceId: forumId, changes: member({ userId, username }, null) });
    });
    return this.getForum(forumId);
  }

  /** The authority's code, or 404. */
  private async requireAuthority(tx: EntityManager, id: string): Promise<string> {
    const authority = await tx.getRepository(AuthorityEntity).findOneBy({ id });
    if (!authority) throw new NotFoundError('Authority', id);
    return authority.code;
  }

  private async requireForum(tx: EntityManager, id: string): Promise<void> {
    if (!(await tx.getRepository(ForumEntity).existsBy({ id }))) throw new NotFoundError('Forum', id);
  }

  /**
   * Greets a new user in their inbox through the notification workflow. The user already exists
   * when this runs; if Temporal is unreachable the greeting is lost, which is logged, not fatal.
   */
  private async sendWelcome(user: UserEntity): Promise<void> {
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
