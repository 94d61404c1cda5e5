import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@psp/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { UuidParam } from '../common/validation';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';
import { NotificationsService } from './notifications.service';

class NotificationQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String }) link!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt!: Date | null;
}

/** The caller's own in-app inbox. It holds no CPR numbers (texts are written that way). */
@ApiTags('notifications')
@ApiBadRequestResponse({ description: 'Malformed query or id; the message names it' })
@NoPersonalData("the caller's own inbox; notification texts carry no CPR number")
@Controller('api/v1/me/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @Access("The caller's notifications, newest first (at most 200)", ...ROLES)
  @ApiOkResponse({ type: NotificationResponse, isArray: true })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQuery): Promise<NotificationResponse[]> {
    return this.notifications.list(actor, query.unread);
  }

  @Post(':id/read')
  @HttpCode(204)
  @Access('Mark one of the caller’s notifications as read', ...ROLES)
  @ApiNoContentResponse({ description: 'Marked as read (marking twice is harmless)' })
  @ApiNotFoundResponse({ description: 'No such notification for the caller' })
  async markRead(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.notifications.markRead(actor, id);
  }
}
