import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { NotFoundError, ROLES, type Actor } from '@psp/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { UuidParam } from '../common/validation';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { Access } from '../identity/access.decorator';
import { CurrentActor } from '../identity/current-actor.decorator';

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
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @Access("The caller's notifications, newest first (at most 200)", ...ROLES)
  @ApiOkResponse({ type: NotificationResponse, isArray: true })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQuery): Promise<NotificationResponse[]> {
    const rows: Record<string, never>[] = await this.dataSource.query(
      `SELECT id, kind, subject, body, link, created_at, read_at FROM notification
        WHERE recipient_user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL)
        ORDER BY created_at DESC LIMIT 200`,
      [actor.userId, query.unread ?? null],
    );
    return rows.map((r) => ({
      id: r['id'],
      kind: r['kind'],
      subject: r['subject'],
      body: r['body'],
      link: r['link'],
      createdAt: r['created_at'],
      readAt: r['read_at'],
    }));
  }

  @Post(':id/read')
  @HttpCode(204)
  @Access('Mark one of the caller’s notifications as read', ...ROLES)
  @ApiNoContentResponse({ description: 'Marked as read (marking twice is harmless)' })
  @ApiNotFoundResponse({ description: 'No such notification for the caller' })
  async markRead(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE notification SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND recipient_user_id = $2 RETURNING id`,
      [id, actor.userId],
    );
    if (rows.length === 0) throw new NotFoundError('Notification', id);
  }
}
