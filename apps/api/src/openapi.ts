import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI document's header: title, description, version, auth scheme. One place, used by the
 * running api (create-app.ts) and by the tool that generates the web app's client types from the
 * same document (tools/src/openapi-document.ts).
 */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('PSP Koordinering API')
    .setDescription(
      'Workflow and case-coordination engine for the PSP collaboration under Retsplejelovens §115. ' +
        'Every route names the roles that may call it; errors are JSON {statusCode, error, message, requestId}.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
}
