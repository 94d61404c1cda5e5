import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi-document';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
type Operation = { parameters?: { name: string; in: string; schema?: Schema }[] };

/** The OpenAPI document states the rules the api enforces, so a client can check input before it is refused. */
describe('OpenAPI document', () => {
  let doc: OpenAPIObject;
  const schema = (name: string) => doc.components!.schemas![name] as Schema;
  const op = (path: string, method: string) => (doc.paths[path] as Record<string, Operation>)[method];

  beforeAll(async () => {
    doc = await buildOpenApiDocument();
  });

  it('states the CPR shape, text lengths, list sizes and UUIDs of request bodies', () => {
    const nominate = schema('NominateDto').properties!;
    expect(nominate['cpr']).toMatchObject({ pattern: '^\\d{6}-?\\d{4}$' });
    expect(new RegExp(nominate['cpr']!['pattern'] as string).test('010190-1234')).toBe(true);
    expect(nominate['name']).toMatchObject({ minLength: 2, maxLength: 200 });
    expect(nominate['forumId']).toMatchObject({ format: 'uuid' });
    expect(schema('CriteriaDto').properties!['reason']).toMatchObject({ minLength: 10, maxLength: 2000 });
    expect(schema('MinutesDto').properties!['items']).toMatchObject({ type: 'array', maxItems: 1000 });
    expect(schema('ItemMinutesDto').properties!['steps']).toMatchObject({ type: 'array', maxItems: 30 });
    expect(schema('ReorderDto').properties!['itemIds']).toMatchObject({ maxItems: 1000, items: { type: 'string', format: 'uuid' } });
    expect(schema('GoalsDto').properties!['goals']).toMatchObject({ maxItems: 50, items: { type: 'string', minLength: 3, maxLength: 1000 } });
    expect(schema('NewStepDto').properties!['dueDate']).toMatchObject({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    expect(schema('UpdateFokuspersonDto').properties!['version']).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schema('CreateUserDto').properties!['email']).toMatchObject({ format: 'email' });
  });

  it('states the bounds of numbers', () => {
    expect(schema('CadenceDto').properties!['weekday']).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema('MeetingPolicyDto').properties!['durationMinutes']).toMatchObject({ minimum: 15, maximum: 480 });
    const query = (path: string, name: string) => op(path, 'get')!.parameters!.find((p) => p.in === 'query' && p.name === name)!.schema;
    expect(query('/api/v1/fokuspersoner', 'limit')).toMatchObject({ minimum: 1, maximum: 200 });
    expect(query('/api/v1/audit/log', 'pageSize')).toMatchObject({ minimum: 1, maximum: 500 });
    expect(query('/api/v1/oversight/trend', 'weeks')).toMatchObject({ minimum: 1, maximum: 52 });
  });

  it('states format uuid on every path parameter', () => {
    const params = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.values(item as Record<string, Operation>).flatMap((o) => (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ path, name: p.name, format: p.schema?.['format'] }))),
    );
    expect(params.length).toBeGreaterThan(40);
    expect(params.filter((p) => p.format !== 'uuid')).toEqual([]);
  });
});
