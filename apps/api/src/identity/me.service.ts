import { Inject, Injectable } from '@nestjs/common';
import { AuthenticationError, type Actor, type Role } from '@psp/domain';
import { findUserProfile, type UserProfile } from '@psp/persistence';
import { DataSource } from 'typeorm';

/** The caller's own account: who they are, their authority, roles and fora. */
@Injectable()
export class MeService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async me(actor: Actor): Promise<Omit<UserProfile, 'active'> & { roles: Role[] }> {
    const profile = await findUserProfile(this.dataSource, actor.userId);
    if (!profile || !profile.active) throw new AuthenticationError('The user of this token is unknown or deactivated');
    const { id, username, displayName, email, authority, fora } = profile;
    return { id, username, displayName, email, roles: actor.roles, authority, fora };
  }
}
