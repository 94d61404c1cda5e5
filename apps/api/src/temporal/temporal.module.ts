import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { Client, Connection } from '@temporalio/client';
import { API_CONFIG } from '../config.token';

/** The api's Temporal client. The connection is lazy so a Temporal outage shows in /health/ready. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) =>
        new Client({ connection: Connection.lazy({ address: config.temporal.address }), namespace: config.temporal.namespace }),
    },
  ],
  exports: [Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
