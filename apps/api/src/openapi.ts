import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { routeHandlers } from './common/route-handlers';
import { MULTILINE_KEY, SCHEMA_RULE_KEY, textPattern } from './common/validation';

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

/** Request bodies larger than this are refused with 413 (the body parser's limit). */
export const BODY_LIMIT = '64kb';

/**
 * The api's OpenAPI document, with the rules its requests are validated by (used by create-app.ts
 * and the client generator): a request the document allows is one the api takes, or refuses only
 * for a reason the document names for the operation (an unknown id, a state, 413, a 422 rule).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, openApiConfig());
  stateValidationRules(document);
  stateQueryRules(app, document);
  forbidUnknownProperties(document);
  documentBodyLimit(document);
  return document;
}

/**
 * The global ValidationPipe refuses a property a DTO does not declare (forbidNonWhitelisted): every
 * schema a request body uses, and those it uses in turn, says `additionalProperties: false`.
 */
function forbidUnknownProperties(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      const schema = schemas[name] as SchemaObject | undefined;
      if (schema?.type === 'object' && schema.properties) schema.additionalProperties = false;
      return visit(schema);
    }
    Object.values(node).forEach(visit);
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.post, path.put, path.patch, path.delete]) visit(operation?.requestBody);
  }
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
    applyRules(dto, schema.properties as Record<string, SchemaObject>);
    const extra = Reflect.getMetadata(SCHEMA_RULE_KEY, dto) as Partial<SchemaObject> | undefined;
    if (extra) Object.assign(schema, extra);
  }
}

function applyRules(dto: new () => unknown, properties: Record<string, SchemaObject | undefined>): void {
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false) as Rule[]) {
    const property = properties[rule.propertyName];
    if (!property || '$ref' in property || rule.type !== 'customValidation') continue;
    const target = rule.each && property.type === 'array' && property.items && !('$ref' in property.items) ? (property.items as SchemaObject) : property;
    if (rule.name === 'textLength') {
      const multiline = Reflect.getMetadata(MULTILINE_KEY, dto.prototype as object, rule.propertyName) === true;
      stateTextRule(target, rule.constraints as [number, number], multiline);
    } else {
      applyRule(target, rule.name, rule.constraints ?? []);
    }
  }
}

/**
 * A free text's rule as one pattern (validation.ts `textPattern`): its length counts once leading
 * and trailing white space is removed, so minLength and maxLength, which count all of it, would
 * misstate it; the description says it in words.
 */
function stateTextRule(schema: SchemaObject, [min, max]: [number, number], multiline: boolean): void {
  delete schema.minLength;
  delete schema.maxLength;
  schema.pattern = textPattern(min, max, multiline);
  const rule =
    `${min > 0 ? `${min}-${max}` : `At most ${max}`} characters, not counting leading and trailing white space (which is removed); ` +
    (multiline ? 'may span lines; no control characters other than tab and line breaks.' : 'one line, without control characters.');
  schema.description = schema.description ? `${schema.description}. ${rule}` : rule.charAt(0).toUpperCase() + rule.slice(1);
}

/**
 * Query parameters come from a DTO (`@Query() q: SomeQuery`) that Swagger spreads into parameters:
 * each parameter gets the rules of its DTO property, found through the route's own metadata.
 */
function stateQueryRules(app: INestApplication, document: OpenAPIObject): void {
  for (const { controller, name, method, path } of routeHandlers(app)) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) ?? []) as unknown[];
    const query = Object.entries(args).find(([key, arg]) => key.startsWith(`${RouteParamtypes.QUERY}:`) && arg.data === undefined);
    const dto = query ? types[query[1].index] : undefined;
    if (typeof dto !== 'function' || dto === Object) continue;
    const documented = path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = (document.paths[documented]?.[method.toLowerCase() as 'get']?.parameters ?? []) as { in?: string; name?: string; schema?: SchemaObject }[];
    const properties: Record<string, SchemaObject | undefined> = {};
    for (const p of parameters) if (p.in === 'query' && p.name && p.schema && !('$ref' in p.schema)) properties[p.name] = p.schema;
    applyRules(dto as new () => unknown, properties);
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
    case 'arrayNotEmpty':
      set('minItems', 1);
      break;
    case 'arrayUnique':
      set('uniqueItems', true);
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
