import { Module } from '@nestjs/common';
import { FokuspersonerController } from './fokuspersoner.controller';
import { FokuspersonerService } from './fokuspersoner.service';
import { NominationForaController } from './nomination-fora.controller';
import { NominationForaService } from './nomination-fora.service';
import { RegisterAccess } from './register-access';

@Module({
  controllers: [FokuspersonerController, NominationForaController],
  providers: [
    FokuspersonerService,
    NominationForaService,
    RegisterAccess,
  ],
  exports: [RegisterAccess],
})
export class FokuspersonerModule {}
