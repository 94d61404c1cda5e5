import { Global, Module } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { FieldCipher } from '@psp/persistence';
import { API_CONFIG } from '../config.token';

/** The field cipher (personal fields encrypted at rest, the CPR blind index), for every feature that reads or writes them. */
@Global()
@Module({
  providers: [{ provide: FieldCipher, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new FieldCipher(c.encryption) }],
  exports: [FieldCipher],
})
export class CryptoModule {}
