import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadApiConfig, type ApiConfig } from '@psp/config';
import type { Role } from '@psp/domain';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../tools/src/dev-issuer';
import { randomSecrets } from '../../tools/src/dev-secrets';
import { testAnchors } from './anchors';
import { signDevToken } from '../../tools/src/sign-token';
import { testServices } from './services';
import { testTemporalEnv } from './temporal';

export interface TestApi {
  app: INestApplication;
  config: ApiConfig;
  /** The node http.Server, for supertest. */
  http: Parameters<typeof import('supertest')>[0];
  privateKey: KeyObject;
  publicKeyPem: string;
  /** A valid token for a user in the suite's database. */
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

/** The real api application (same module graph as production) on the suite's database. */
export async function startTestApi(opts: {
  dataSource: DataSource;
  databaseUrl: string;
  taskQueue: string;
  logLevel?: string;
  logStream?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}): Promise<TestApi> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const config = loadApiConfig({
    DATABASE_URL: opts.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    TEMPORAL_ADDRESS: testServices().temporalAddress,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    JWT_ISSUER: DEV_ISSUER,
    JWT_AUDIENCE: DEV_AUDIENCE,
    JWT_PUBLIC_KEY: publicKeyPem,
    // Unexpected errors (a 500's cause) reach the test output; nothing else.
    LOG_LEVEL: opts.logLevel ?? 'error',
    ...randomSecrets(),
    // The api checks the anchors the worker of the same test file signs.
    ...testAnchors().apiEnv,
    // The worker of the same test file has the same Temporal keys.
    ...testTemporalEnv(),
    ...opts.env,
  });
  const app = await createApp(config, opts.logStream ? { logStream: opts.logStream } : {});
  await app.init();
  return {
    app,
    config,
    http: app.getHttpServer(),
    privateKey,
    publicKeyPem,
    async tokenFor(username: string) {
      const [u] = await opts.dataSource.query(`SELECT id, username, authority_id, roles FROM app_user WHERE username = $1`, [username]);
      if (!u) throw new Error(`no user ${username} in the test database`);
      return signDevToken(privateKey, { id: u.id, username: u.username, authorityId: u.authority_id, roles: u.roles as Role[] });
    },
    close: () => app.close(),
  };
}
