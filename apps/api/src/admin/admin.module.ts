import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { ForumMembersController } from './forum-members.controller';
import { ForumMembersService } from './forum-members.service';

@Module({ controllers: [AdminController, ForumMembersController], providers: [AdminService, ForumMembersService] })
export class AdminModule {}
