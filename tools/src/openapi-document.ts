import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadApiConfig } from '@psp/config';
// The tool reads the api's own module graph: the web app's client types come from the real routes.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { AppModule } from '../../apps/api/src/app.module';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createOpenApiDocument } from '../../apps/api/src/openapi';

/** Placeholder settings: preview mode instantiates no provider, so nothing is ever connected to. */
const PLACEHOLDER_ENV: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://openapi:unused@127.0.0.1:9/openapi',
  JWT_ISSUER: 'http://127.0.0.1:9/openapi',
  JWT_AUDIENCE: 'openapi',
  JWT_JWKS_URL: 'http://127.0.0.1:9/openapi/jwks',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CPR_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  AUDIT_ANCHOR_DIR: '/nonexistent/openapi-anchors',
  AUDIT_ANCHOR_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  TEMPORAL_PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 4).toString('base64')}`,
  LOG_LEVEL: 'silent',
};

/**
 * The api's OpenAPI document, built without a database or Temporal: Nest's preview mode resolves the
 * module graph (controllers, routes, DTO metadata) without instantiating any provider.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.register(loadApiConfig(PLACEHOLDER_ENV)), { preview: true, logger: false, abortOnError: false });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
