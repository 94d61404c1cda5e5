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
import type { AuthorityResponse, CreateAuthorityDto, UpdateAuthorityDto } from './dto/authority.dto';
import type { CreateForumDto, ForumResponse, UpdateForumDto } from './dto/forum.dto';
import type { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';

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

/** Authorities, users, fora and memberships. Administrators see and change no case data. */
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

  async createAuthority(dto: CreateAuthorityDto): Promise<AuthorityResponse> {
    const repo = this.dataSource.getRepository(AuthorityEntity);
    if (await repo.existsBy({ code: dto.code })) throw new ConflictError(`An authority with code "${dto.code}" already exists`);
    return toAuthority(await repo.save(repo.create(dto)));
  }

  async updateAuthority(id: string, dto: UpdateAuthorityDto): Promise<AuthorityResponse> {
    const repo = this.dataSource.getRepository(AuthorityEntity);
    const authority = await repo.findOneBy({ id });
    if (!authority) throw new NotFoundError('Authority', id);
    return toAuthority(await repo.save(repo.merge(authority, dto)));
  }

  async listUsers(authorityId?: string): Promise<UserResponse[]> {
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: authorityId ? { authorityId } : {}, order: { username: 'ASC' } });
    return rows.map(toUser);
  }

  async createUser(dto: CreateUserDto): Promise<UserResponse> {
    const user = await this.dataSource.transaction(async (tx) => {
      await this.requireAuthority(tx, dto.authorityId);
      const repo = tx.getRepository(UserEntity);
      if (await repo.existsBy({ username: dto.username })) {
        throw new ConflictError(`A user with username "${dto.username}" already exists`);
      }
      return repo.save(repo.create(dto));
    });
    await this.sendWelcome(user);
    return toUser(user);
  }

  async updateUser(id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(UserEntity);
      const user = await repo.findOneBy({ id });
      if (!user) throw new NotFoundError('User', id);
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
      return toUser(await repo.save(repo.merge(user, dto)));
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

  async createForum(dto: CreateForumDto): Promise<ForumResponse> {
    const id = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(ForumEntity);
      if (await repo.existsBy({ code: dto.code })) throw new ConflictError(`A forum with code "${dto.code}" already exists`);
      const forum = await repo.save(repo.create({ code: dto.code, name: dto.name }));
      for (const authorityId of dto.authorityIds ?? []) {
        await this.requireAuthority(tx, authorityId);
        await tx.getRepository(ForumAuthorityEntity).insert({ forumId: forum.id, authorityId });
      }
      return forum.id;
    });
    return this.getForum(id);
  }

  async updateForum(id: string, dto: UpdateForumDto): Promise<ForumResponse> {
    const repo = this.dataSource.getRepository(ForumEntity);
    const forum = await repo.findOneBy({ id });
    if (!forum) throw new NotFoundError('Forum', id);
    await repo.save(repo.merge(forum, dto));
    return this.getForum(id);
  }

  async addForumAuthority(forumId: string, authorityId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      await this.requireAuthority(tx, authorityId);
      await tx.getRepository(ForumAuthorityEntity).upsert({ forumId, authorityId }, ['forumId', 'authorityId']);
    });
    return this.getForum(forumId);
  }

  async removeForumAuthority(forumId: string, authorityId: string): Promise<ForumResponse> {
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
    });
    return this.getForum(forumId);
  }

  async addForumMember(forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const user = await tx.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw new NotFoundError('User', userId);
      const allowed = await tx.getRepository(ForumAuthorityEntity).existsBy({ forumId, authorityId: user.authorityId });
      if (!allowed) {
        throw new ConflictError(`User ${user.username} belongs to an authority that is not a member of this forum`);
      }
      await tx.getRepository(ForumMemberEntity).upsert({ forumId, userId }, ['forumId', 'userId']);
    });
    return this.getForum(forumId);
  }

  async removeForumMember(forumId: string, userId: string): Promise<ForumResponse> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireForum(tx, forumId);
      const result = await tx.getRepository(ForumMemberEntity).delete({ forumId, userId });
      if (!result.affected) throw new NotFoundError('Forum member', userId);
    });
    return this.getForum(forumId);
  }

  private async requireAuthority(tx: EntityManager, id: string): Promise<void> {
    if (!(await tx.getRepository(AuthorityEntity).existsBy({ id }))) throw new NotFoundError('Authority', id);
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
