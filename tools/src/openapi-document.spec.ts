import type { OpenAPIObject } from '@nestjs/swagger';
import { CALENDAR_DATE_PATTERN, CPR_PATTERN } from '@psp/domain';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { textPattern } from '../../apps/api/src/common/validation';
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

  it('states the CPR shape, text rules, list sizes and UUIDs of request bodies', () => {
    const nominate = schema('NominateDto').properties!;
    expect(nominate['cpr']).toMatchObject({ pattern: CPR_PATTERN });
    expect(new RegExp(nominate['cpr']!['pattern'] as string).test('010190-1234')).toBe(true);
    expect(new RegExp(nominate['cpr']!['pattern'] as string).test('310290-1234')).toBe(false);
    // A free text's length counts once it is trimmed: the pattern says so, minLength/maxLength would not.
    expect(nominate['name']).toMatchObject({ pattern: textPattern(2, 200, false) });
    expect(nominate['name']).not.toHaveProperty('maxLength');
    expect(nominate['forumId']).toMatchObject({ format: 'uuid' });
    expect(schema('CriteriaDto').properties!['reason']).toMatchObject({ pattern: textPattern(10, 2000, true) });
    expect(schema('CriteriaDto').properties!['reason']!['description']).toMatch(/10-2000 characters, not counting leading and trailing white space/);
    expect(schema('CriteriaDto').properties!['challenges']).toMatchObject({ minItems: 1, uniqueItems: true });
    expect(schema('MinutesDto').properties!['items']).toMatchObject({ type: 'array', maxItems: 1000 });
    expect(schema('ItemMinutesDto').properties!['steps']).toMatchObject({ type: 'array', maxItems: 30 });
    expect(schema('ReorderDto').properties!['itemIds']).toMatchObject({ maxItems: 1000, uniqueItems: true, items: { type: 'string', format: 'uuid' } });
    expect(schema('GoalsDto').properties!['goals']).toMatchObject({ maxItems: 50, items: { type: 'string', pattern: textPattern(3, 1000, true) } });
    expect(schema('NewStepDto').properties!['dueDate']).toMatchObject({ pattern: CALENDAR_DATE_PATTERN });
    expect(schema('UpdateFokuspersonDto').properties!['version']).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schema('CreateUserDto').properties!['email']).toMatchObject({ format: 'email' });
    expect(schema('CreateUserDto').properties!['roles']).toMatchObject({ minItems: 1, uniqueItems: true });
  });

  it('states rules over a whole body, and refuses undeclared properties in every schema a body uses', () => {
    expect(schema('UpdateFokuspersonDto')).toMatchObject({ minProperties: 2 });
    expect(schema('CadenceDto')['oneOf']).toEqual([
      expect.objectContaining({ required: ['everyWeeks', 'weekday', 'startDate'] }),
      expect.objectContaining({ required: ['dates'] }),
    ]);
    for (const name of ['NominateDto', 'CriteriaDto', 'MinutesDto', 'ItemMinutesDto', 'NewStepDto', 'AttendanceDto', 'ScheduleDto', 'CadenceDto', 'MeetingPolicyDto']) {
      expect({ name, additionalProperties: schema(name)['additionalProperties'] }).toEqual({ name, additionalProperties: false });
    }
    // A response's schema is left open.
    expect(schema('FokuspersonDetailView')).not.toHaveProperty('additionalProperties');
  });

  it('documents 422 where a well-formed request can break a rule that depends on other data or the date', () => {
    expect(Object.keys((op('/api/v1/steps/{id}/due-date', 'put') as { responses: object }).responses)).toContain('422');
    expect(Object.keys((op('/api/v1/meetings/{id}/minutes', 'put') as { responses: object }).responses)).toContain('422');
    expect(Object.keys((op('/api/v1/fokuspersoner/{id}/decisions', 'post') as { responses: object }).responses)).not.toContain('422');
  });

  it('states the bounds of numbers', () => {
    expect(schema('CadenceDto').properties!['weekday']).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema('MeetingPolicyDto').properties!['durationMinutes']).toMatchObject({ minimum: 15, maximum: 480 });
    const query = (path: string, name: string) => op(path, 'get')!.parameters!.find((p) => p.in === 'query' && p.name === name)!.schema;
    expect(query('/api/v1/fokuspersoner', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(query('/api/v1/audit/log', 'resourceId')).toMatchObject({ pattern: '^[A-Za-z0-9-]{1,64}$' });
    expect(query('/api/v1/audit/log', 'from')).toMatchObject({ format: 'date-time', pattern: expect.any(String) });
    expect(query('/api/v1/audit/log', 'pageSize')).toMatchObject({ minimum: 1, maximum: 500 });
    expect(query('/api/v1/oversight/trend', 'weeks')).toMatchObject({ type: 'integer', minimum: 1, maximum: 52 });
    expect(query('/api/v1/oversight/overdue', 'soonDays')).toMatchObject({ type: 'integer', minimum: 0, maximum: 60 });
  });

  it('states format uuid on every path parameter', () => {
    const params = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.values(item as Record<string, Operation>).flatMap((o) => (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ path, name: p.name, format: p.schema?.['format'] }))),
    );
    expect(params.length).toBeGreaterThan(40);
    expect(params.filter((p) => p.format !== 'uuid')).toEqual([]);
  });
});
