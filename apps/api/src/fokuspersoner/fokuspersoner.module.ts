import { Module } from '@nestjs/common';
import { FokuspersonSearch } from './fokusperson-search';
import { FokuspersonerController } from './fokuspersoner.controller';
import { FokuspersonerService } from './fokuspersoner.service';
import { NominationForaController } from './nomination-fora.controller';
import { NominationForaService } from './nomination-fora.service';
import { RegisterAccess } from './register-access';

@Module({
  controllers: [FokuspersonerController, NominationForaController],
  providers: [
    FokuspersonerService,
    FokuspersonSearch,
    NominationForaService,
    RegisterAccess,
  ],
  exports: [RegisterAccess],
})
export class FokuspersonerModule {}
