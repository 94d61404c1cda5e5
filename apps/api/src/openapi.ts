import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

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

/** The api's OpenAPI document, with the rules its request bodies are validated by (used by create-app.ts and the client generator). */
/** Request bodies larger than this are refused with 413 (the body parser's limit). */
export const BODY_LIMIT = '64kb';

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, openApiConfig());
  stateValidationRules(document);
  documentBodyLimit(document);
  return document;
}

/** Every operation that takes a body can be answered 413: say so where the body is declared. */
function documentBodyLimit(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.post, path.put, path.patch, path.delete]) {
      if (operation?.requestBody && !operation.responses['413']) {
        operation.responses['413'] = { description: `The request body is larger than ${BODY_LIMIT.replace('kb', ' kB')}` };
      }
    }
  }
}

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;

interface Rule {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

/**
 * Writes what a DTO's class-validator decorators enforce (lengths, bounds, list sizes, patterns,
 * UUIDs) into its schema, so the document cannot drift from the validation. What a property's
 * ApiProperty states explicitly wins.
 */
export function stateValidationRules(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  // class-validator keeps its rules per class; it has no public list of the classes.
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: Map<new () => unknown, Rule[]> };
  for (const dto of storage.validationMetadatas?.keys() ?? []) {
    const schema = schemas[dto.name] as SchemaObject | undefined;
    if (!schema?.properties) continue;
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false) as Rule[]) {
      const property = schema.properties[rule.propertyName] as SchemaObject | undefined;
      if (!property || '$ref' in property || rule.type !== 'customValidation') continue;
      const target = rule.each && property.type === 'array' && property.items && !('$ref' in property.items) ? (property.items as SchemaObject) : property;
      applyRule(target, rule.name, rule.constraints ?? []);
    }
  }
}

function applyRule(schema: SchemaObject, name: string | undefined, constraints: unknown[]): void {
  const set = <K extends keyof SchemaObject>(key: K, value: SchemaObject[K] | undefined) => {
    if (value !== undefined && schema[key] === undefined) schema[key] = value;
  };
  const [first, second] = constraints;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  switch (name) {
    case 'isLength':
      set('minLength', num(first) || undefined);
      set('maxLength', num(second));
      break;
    case 'minLength':
      set('minLength', num(first));
      break;
    case 'maxLength':
      set('maxLength', num(first));
      break;
    case 'min':
      set('minimum', num(first));
      break;
    case 'max':
      set('maximum', num(first));
      break;
    case 'arrayMinSize':
      set('minItems', num(first) || undefined);
      break;
    case 'arrayMaxSize':
      set('maxItems', num(first));
      break;
    case 'matches':
      set('pattern', first instanceof RegExp ? first.source : undefined);
      break;
    case 'isUuid':
      set('format', 'uuid');
      break;
    case 'isEmail':
      set('format', 'email');
      break;
    case 'isInt':
      if (schema.type === 'number') schema.type = 'integer';
      break;
  }
}
