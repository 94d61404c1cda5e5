import { AuthorityEntity } from './authority.entity';
import { ForumAuthorityEntity, ForumEntity, ForumMemberEntity } from './forum.entity';
import { NotificationEntity } from './notification.entity';
import { UserEntity } from './user.entity';

export { AuthorityEntity, ForumAuthorityEntity, ForumEntity, ForumMemberEntity, NotificationEntity, UserEntity };

export const ENTITIES = [
  AuthorityEntity,
  UserEntity,
  ForumEntity,
  ForumAuthorityEntity,
  ForumMemberEntity,
  NotificationEntity,
];
