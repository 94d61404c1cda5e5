import { Module } from '@nestjs/common';
import { FokuspersonerModule } from '../fokuspersoner/fokuspersoner.module';
import { StepsModule } from '../steps/steps.module';
import { ForumMeetingsController, MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

@Module({ imports: [FokuspersonerModule, StepsModule], controllers: [ForumMeetingsController, MeetingsController], providers: [MeetingsService] })
export class MeetingsModule {}
