import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticationError, ROLES, type Actor, type Role } from '@psp/domain';
import { DataSource } from 'typeorm';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from './access.decorator';
import { CurrentActor } from './current-actor.decorator';

class MeAuthority {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['POLICE', 'MUNICIPALITY', 'PSYCHIATRY'] }) kind!: string;
}

class MeForum {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: MeAuthority }) authority!: MeAuthority;
  @ApiProperty({ type: MeForum, isArray: true, description: 'The PSP fora the caller is a member of' })
  fora!: MeForum[];
}

@ApiTags('identity')
@NoPersonalData("the caller's own account; no citizen data")
@Controller('api/v1/me')
export class MeController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @Access('The caller: user, authority, roles and fora', ...ROLES)
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.email, u.active,
              a.id AS authority_id, a.name AS authority_name, a.kind AS authority_kind,
              coalesce(json_agg(json_build_object('id', f.id, 'name', f.name) ORDER BY f.name)
                       FILTER (WHERE f.id IS NOT NULL), '[]') AS fora
         FROM app_user u
         JOIN authority a ON a.id = u.authority_id
         LEFT JOIN forum_member m ON m.user_id = u.id
         LEFT JOIN forum f ON f.id = m.forum_id AND f.active
        WHERE u.id = $1
        GROUP BY u.id, a.id`,
      [actor.userId],
    );
    if (!row || !row.active) throw new AuthenticationError('The user of this token is unknown or deactivated');
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      roles: actor.roles,
      authority: { id: row.authority_id, name: row.authority_name, kind: row.authority_kind },
      fora: row.fora,
    };
  }
}
