import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@psp/domain';
import { findPspUser, type PspUser, type PspUserKey } from '@psp/persistence';
import { DataSource } from 'typeorm';

/**
 * How long a user's row is trusted before it is read again. Deactivating a user or removing a
 * role takes effect on every api replica within this time (at once on the replica that made the
 * change); the issue allows at most 30 s.
 */
export const USER_CACHE_MS = 15_000;
const CACHE_SIZE = 10_000;

export type Resolution = { kind: 'active'; actor: Actor } | { kind: 'inactive' } | { kind: 'unknown' };

/** The PSP user table, read on every request through a short cache. */
@Injectable()
export class UserDirectory {
  private readonly cache = new Map<string, { user: PspUser | undefined; atMs: number }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async resolve(key: PspUserKey): Promise<Resolution> {
    const cacheKey = JSON.stringify(key);
    const now = Date.now();
    let entry = this.cache.get(cacheKey);
    if (!entry || now - entry.atMs >= USER_CACHE_MS) {
      entry = { user: await findPspUser(this.dataSource, key), atMs: now };
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(cacheKey, entry);
    }
    const u = entry.user;
    if (!u) return { kind: 'unknown' };
    if (!u.active || u.roles.length === 0) return { kind: 'inactive' };
    return { kind: 'active', actor: { userId: u.id, username: u.username, authorityId: u.authorityId, roles: u.roles } };
  }

  /** Forget every cached user (an administrator changed one on this replica). */
  invalidate(): void {
    this.cache.clear();
  }
}
