import { Module } from '@nestjs/common';
import { FokuspersonerModule } from '../fokuspersoner/fokuspersoner.module';
import { OversightController } from './oversight.controller';
import { OversightService } from './oversight.service';

@Module({ imports: [FokuspersonerModule], controllers: [OversightController], providers: [OversightService] })
export class OversightModule {}
