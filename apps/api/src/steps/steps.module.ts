import { Module } from '@nestjs/common';
import { FokuspersonerModule } from '../fokuspersoner/fokuspersoner.module';
import { HelhedsplanController, StepsController, TasksController } from './steps.controller';
import { StepsService } from './steps.service';

@Module({ imports: [FokuspersonerModule], controllers: [HelhedsplanController, StepsController, TasksController], providers: [StepsService], exports: [StepsService] })
export class StepsModule {}
