import { generateApiTypes, readCommittedApiTypes, SCHEMA_FILE } from './generate-api-types';

/**
 * The web app's api types are generated from the api's own OpenAPI document and committed. When a
 * DTO or route changes and the types were not regenerated, the web app would compile against a
 * contract the api no longer keeps: this fails instead.
 */
describe('web app api types', () => {
  it(`${SCHEMA_FILE} matches the api's OpenAPI document`, async () => {
    const generated = await generateApiTypes();
    expect(generated).toContain('"/api/v1/me/tasks"');
    if (readCommittedApiTypes() !== generated) {
      throw new Error(`${SCHEMA_FILE} is out of date: run npm run generate:api`);
    }
  });
});
