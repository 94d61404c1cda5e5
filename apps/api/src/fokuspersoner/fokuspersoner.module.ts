import { Module } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { FieldCipher } from '@psp/persistence';
import { API_CONFIG } from '../config.token';
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
    { provide: FieldCipher, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new FieldCipher(c.encryption) },
  ],
  exports: [RegisterAccess, FieldCipher, FokuspersonerService],
})
export class FokuspersonerModule {}
