import { Module } from '@nestjs/common';
import { FokuspersonerModule } from '../fokuspersoner/fokuspersoner.module';
import { ApproveMinutes } from '../use-cases/approve-minutes';
import { ForumOverview } from '../use-cases/forum-overview';
import { ForumMeetingsController, MeetingsController } from './meetings.controller';
import { ForumAssigneesService } from './forum-assignees.service';
import { ForumScheduleService } from './forum-schedule.service';
import { HolidaysController } from './holidays.controller';
import { MeetingExportsService } from './meeting-exports.service';
import { MeetingWorkflows } from './meeting-workflows';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';

@Module({
  imports: [FokuspersonerModule],
  controllers: [ForumMeetingsController, MeetingsController, HolidaysController],
  providers: [ForumAssigneesService, ApproveMinutes, ForumOverview, MeetingWorkflows, ForumScheduleService, MeetingsService, MinutesService, MeetingExportsService],
})
export class MeetingsModule {}
