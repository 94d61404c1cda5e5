import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { temporalConnectionOptions, type ApiConfig } from '@psp/config';
import { temporalDataConverter } from '@psp/persistence';
import { Client, Connection } from '@temporalio/client';
import { API_CONFIG } from '../config.token';

/**
 * The api's Temporal client. The connection is lazy so a Temporal outage shows in /health/ready;
 * it uses TLS when configured, and every payload it sends or reads is encrypted with the worker's
 * keys (the payload codec), so Temporal holds no readable personal or staff data.
 */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) =>
        new Client({
          connection: Connection.lazy(temporalConnectionOptions(config.temporal)),
          namespace: config.temporal.namespace,
          dataConverter: temporalDataConverter(config.temporalKeys),
        }),
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
