import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ApiConfig } from '@psp/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';

/** Builds the api (used by main.ts and by the tests, so both run the same application). */
export async function createApp(config: ApiConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, options.logStream), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PSP Koordinering API')
      .setDescription(
        'Workflow and case-coordination engine for the PSP collaboration under Retsplejelovens §115. ' +
          'Every route names the roles that may call it; errors are JSON {statusCode, error, message, requestId}.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
