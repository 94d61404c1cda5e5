import { Body, Controller, Delete, Get, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { UuidParam } from '../common/validation';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { AdminAct, type AdminActor } from './admin-audit';
import { AdminService } from './admin.service';
import { AuthorityResponse, CreateAuthorityDto, UpdateAuthorityDto } from './dto/authority.dto';
import { CreateForumDto, ForumResponse, UpdateForumDto } from './dto/forum.dto';
import { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';

class UserQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'authorityId must be a UUID' })
  authorityId?: string;
}

@ApiTags('admin')
@ApiBadRequestResponse({ description: 'Malformed id, unknown field or invalid value; the message names it' })
// Every change here is written to the access log with its old and new values (admin-audit.ts).
@NoPersonalData('organisation and staff accounts; administrators see no citizen data')
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('authorities')
  @Access('List authorities', 'ADMIN')
  @ApiOkResponse({ type: AuthorityResponse, isArray: true })
  listAuthorities() {
    return this.admin.listAuthorities();
  }

  @Post('authorities')
  @Access('Create an authority', 'ADMIN')
  @ApiCreatedResponse({ type: AuthorityResponse })
  @ApiConflictResponse({ description: 'The code is taken' })
  createAuthority(@AdminAct() by: AdminActor, @Body() dto: CreateAuthorityDto) {
    return this.admin.createAuthority(by, dto);
  }

  @Patch('authorities/:id')
  @Access('Update an authority', 'ADMIN')
  @ApiOkResponse({ type: AuthorityResponse })
  @ApiNotFoundResponse({ description: 'No such authority' })
  updateAuthority(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @Body() dto: UpdateAuthorityDto) {
    return this.admin.updateAuthority(by, id, dto);
  }

  @Get('users')
  @Access('List users, optionally of one authority', 'ADMIN')
  @ApiOkResponse({ type: UserResponse, isArray: true })
  listUsers(@Query() query: UserQuery) {
    return this.admin.listUsers(query.authorityId);
  }

  @Post('users')
  @Access('Create a user (they get a welcome notification)', 'ADMIN')
  @ApiCreatedResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such authority' })
  @ApiConflictResponse({ description: 'The username is taken' })
  createUser(@AdminAct() by: AdminActor, @Body() dto: CreateUserDto) {
    return this.admin.createUser(by, dto);
  }

  @Patch('users/:id')
  @Access('Update a user: name, e-mail, authority, roles, active', 'ADMIN')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user or authority' })
  @ApiConflictResponse({ description: 'The move would leave the user in a forum the new authority is not part of, or the caller would deactivate themselves or remove their own ADMIN role' })
  updateUser(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @Body() dto: UpdateUserDto) {
    return this.admin.updateUser(by, id, dto);
  }

  @Get('fora')
  @Access('List PSP fora with member authorities and users', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse, isArray: true })
  listFora() {
    return this.admin.listFora();
  }

  @Post('fora')
  @Access('Create a PSP forum', 'ADMIN')
  @ApiCreatedResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'A member authority does not exist' })
  @ApiConflictResponse({ description: 'The code is taken' })
  createForum(@AdminAct() by: AdminActor, @Body() dto: CreateForumDto) {
    return this.admin.createForum(by, dto);
  }

  @Patch('fora/:id')
  @Access('Update a PSP forum', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'No such forum' })
  updateForum(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @Body() dto: UpdateForumDto) {
    return this.admin.updateForum(by, id, dto);
  }

  @Put('fora/:id/authorities/:authorityId')
  @Access('Add a member authority to a forum (idempotent)', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'No such forum or authority' })
  addForumAuthority(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @UuidParam('authorityId') authorityId: string) {
    return this.admin.addForumAuthority(by, id, authorityId);
  }

  @Delete('fora/:id/authorities/:authorityId')
  @Access('Remove a member authority from a forum', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'No such forum, or the authority is not a member' })
  @ApiConflictResponse({ description: 'Users of the authority are still forum members' })
  removeForumAuthority(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @UuidParam('authorityId') authorityId: string) {
    return this.admin.removeForumAuthority(by, id, authorityId);
  }

  @Put('fora/:id/members/:userId')
  @Access('Add a user to a forum (idempotent)', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'No such forum or user' })
  @ApiConflictResponse({ description: "The user's authority is not a member of the forum" })
  addForumMember(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @UuidParam('userId') userId: string) {
    return this.admin.addForumMember(by, id, userId);
  }

  @Delete('fora/:id/members/:userId')
  @Access('Remove a user from a forum', 'ADMIN')
  @ApiOkResponse({ type: ForumResponse })
  @ApiNotFoundResponse({ description: 'No such forum, or the user is not a member' })
  removeForumMember(@AdminAct() by: AdminActor, @UuidParam('id') id: string, @UuidParam('userId') userId: string) {
    return this.admin.removeForumMember(by, id, userId);
  }
}
