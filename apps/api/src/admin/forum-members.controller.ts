import { Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { UuidParam } from '../common/validation';
import { Access } from '../identity/access.decorator';
import { AdminAct, type AdminActor } from './admin-audit';
import { ForumMembersView } from './dto/forum-members.dto';
import { ForumMembersService } from './forum-members.service';

const FORUM_HIDDEN = 'Unknown or inactive forum, or the caller is not one of its coordinators';

/**
 * The forum's own coordinators manage its members, as an administrator can under
 * /api/v1/admin/fora/{id}/members; every change is in the access log (resource type
 * ForumMembership, purpose PSP_COORDINATION), and so is every refusal.
 */
@ApiTags('forum members')
@ApiBadRequestResponse({ description: 'Malformed id; the message names it' })
@ApiNotFoundResponse({ description: FORUM_HIDDEN })
@NoPersonalData('staff accounts and forum membership; no citizen data')
@Controller('api/v1/forums/:forumId/members')
export class ForumMembersController {
  constructor(private readonly members: ForumMembersService) {}

  @Get()
  @Access('The forum’s members, and the staff of its member authorities the coordinators may add (coordinators of the forum)', 'COORDINATOR')
  @ApiOkResponse({ type: ForumMembersView })
  list(@AdminAct() by: AdminActor, @UuidParam('forumId') forumId: string) {
    return this.members.list(by, forumId);
  }

  @Put(':userId')
  @Access('Add a coordinator, caseworker or supervisor of a member authority to the forum (idempotent; coordinators of the forum)', 'COORDINATOR')
  @ApiOkResponse({ type: ForumMembersView })
  @ApiNotFoundResponse({ description: `${FORUM_HIDDEN}; or no such user` })
  @ApiConflictResponse({ description: 'The user’s authority is not a member authority of the forum, or the user is deactivated or has none of the roles COORDINATOR, CASEWORKER, SUPERVISOR' })
  add(@AdminAct() by: AdminActor, @UuidParam('forumId') forumId: string, @UuidParam('userId') userId: string) {
    return this.members.add(by, forumId, userId);
  }

  @Delete(':userId')
  @Access('Remove a user from the forum (coordinators of the forum; not themselves)', 'COORDINATOR')
  @ApiOkResponse({ type: ForumMembersView })
  @ApiNotFoundResponse({ description: `${FORUM_HIDDEN}; or the user is not a member` })
  @ApiConflictResponse({ description: 'A coordinator cannot remove themselves; another coordinator of the forum or an administrator can' })
  remove(@AdminAct() by: AdminActor, @UuidParam('forumId') forumId: string, @UuidParam('userId') userId: string) {
    return this.members.remove(by, forumId, userId);
  }
}
