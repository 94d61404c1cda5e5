import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { SwaggerModule } from '@nestjs/swagger';
import type { ApiConfig } from '@psp/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { Metrics } from './metrics/metrics';
import { serveWebApp, strictHelmet } from './web/web-app';
import { BODY_LIMIT, createOpenApiDocument } from './openapi';


/** Builds the api (used by main.ts and by the tests, so both run the same application). */
export async function createApp(config: ApiConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, options.logStream), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // Which proxies may say who the client is (X-Forwarded-For): the address logged and rate-limited.
  app.set('trust proxy', config.http.trustProxy);
  // Security headers everywhere; the OpenAPI page needs its inline script and styles.
  const strict = strictHelmet(config);
  const docs = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"] } } });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/docs') ? docs : strict)(req, res, next));
  // The api's answers carry personal data: no cache may keep them (the browser's on a shared
  // office PC included), so an ETag (a hash of every answer) would never be used either.
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // CORS is closed unless origins are configured.
  if (config.http.corsOrigins.length > 0) app.enableCors({ origin: config.http.corsOrigins, credentials: false });
  const metrics = app.get(Metrics);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });
  serveWebApp(app, config);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
