import { Module } from '@nestjs/common';
import { FokuspersonerModule } from '../fokuspersoner/fokuspersoner.module';
import { HelhedsplanController, StepsController, TasksController } from './steps.controller';
import { HelhedsplanService } from './helhedsplan.service';
import { StepsService } from './steps.service';

@Module({ imports: [FokuspersonerModule], controllers: [HelhedsplanController, StepsController, TasksController], providers: [HelhedsplanService, StepsService] })
export class StepsModule {}
