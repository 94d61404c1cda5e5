import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { APPLICATION_ROLE, createDataSource } from '@psp/persistence';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [API_CONFIG],
      // Fails start-up when PostgreSQL is unreachable; once up, the pg pool reconnects by itself.
      useFactory: (config: ApiConfig) => createDataSource(config.database, 'psp-api', APPLICATION_ROLE).initialize(),
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
