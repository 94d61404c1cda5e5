import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A standing PSP group. Which authorities and which staff belong to it is data, not code. */
@Entity({ name: 'forum' })
export class ForumEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'forum_authority' })
export class ForumAuthorityEntity {
  @PrimaryColumn({ name: 'forum_id', type: 'uuid' })
  forumId!: string;

  @PrimaryColumn({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;
}

@Entity({ name: 'forum_member' })
export class ForumMemberEntity {
  @PrimaryColumn({ name: 'forum_id', type: 'uuid' })
  forumId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;
}
