import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { assertApplicationLogin, createDataSource } from '@psp/persistence';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [API_CONFIG],
      // Fails start-up when PostgreSQL is unreachable, or when DATABASE_URL is the owner's (or a
      // superuser's) login; once up, the pg pool reconnects by itself.
      useFactory: async (config: ApiConfig) => {
        const dataSource = await createDataSource(config.database, 'psp-api').initialize();
        try {
          await assertApplicationLogin(dataSource);
        } catch (err) {
          await dataSource.destroy();
          throw err;
        }
        return dataSource;
      },
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
