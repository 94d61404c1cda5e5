import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_USERS } from '../libs/persistence/src/seed/reference-data';
import { KEYCLOAK_API_AUDIENCE, KEYCLOAK_CLIENT_ID, KEYCLOAK_DEMO_PASSWORD, KEYCLOAK_DEV_CLIENT_SECRET } from '../tools/src/keycloak';

/**
 * tools/keycloak/psp-realm.json (the development Keycloak's realm) must keep up with the PSP seed:
 * the api finds the signed-in person by username (the ID token's preferred_username).
 */
interface RealmUser {
  username: string;
  enabled: boolean;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  email: string;
  credentials: { type: string; value: string; temporary: boolean }[];
  requiredActions?: string[];
  groups: string[];
}
interface RealmClient {
  clientId: string;
  publicClient: boolean;
  secret: string;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  redirectUris: string[];
  attributes: Record<string, string>;
  protocolMappers: { protocolMapper: string; config: Record<string, string> }[];
}
const realm = JSON.parse(readFileSync(join(__dirname, '..', 'tools', 'keycloak', 'psp-realm.json'), 'utf8')) as {
  realm: string;
  displayName: string;
  defaultLocale: string;
  supportedLocales: string[];
  internationalizationEnabled: boolean;
  groups: { name: string; path: string }[];
  clients: RealmClient[];
  users: RealmUser[];
};

describe('tools/keycloak/psp-realm.json', () => {
  it('is the psp realm, in Danish', () => {
    expect(realm).toMatchObject({ realm: 'psp', displayName: 'PSP Koordinering', internationalizationEnabled: true, defaultLocale: 'da' });
    expect(realm.supportedLocales).toEqual(['da', 'en']);
  });

  it('has a demo user for every seeded PSP user: same username, name, e-mail, role group', () => {
    expect(realm.users.map((u) => u.username).sort()).toEqual(SEED_USERS.map((u) => u.username).sort());
    for (const seed of SEED_USERS) {
      const user = realm.users.find((u) => u.username === seed.username)!;
      expect(`${user.firstName} ${user.lastName}`).toBe(seed.displayName);
      expect(user).toMatchObject({ enabled: true, emailVerified: true, email: `${seed.username}@psp.example` });
      expect(user.credentials).toEqual([{ type: 'password', value: KEYCLOAK_DEMO_PASSWORD, temporary: false }]);
      expect(user.requiredActions ?? []).toEqual([]);
      expect(user.groups).toEqual(seed.roles.map((r) => `/${r}`));
    }
  });

  it('has a group for every PSP role (information only)', () => {
    expect(realm.groups.map((g) => [g.name, g.path])).toEqual(
      ['COORDINATOR', 'CASEWORKER', 'SUPERVISOR', 'AUDITOR', 'ADMIN'].map((r) => [r, `/${r}`]),
    );
  });

  it('has the api as a confidential client: code flow with S256 PKCE only, loopback redirects, api audience', () => {
    expect(realm.clients).toHaveLength(1);
    const client = realm.clients[0];
    expect(client).toMatchObject({
      clientId: KEYCLOAK_CLIENT_ID,
      publicClient: false,
      secret: KEYCLOAK_DEV_CLIENT_SECRET,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
    // Keycloak ignores the port of http loopback redirect URIs (RFC 8252), so any local api port matches.
    expect(client.redirectUris).toEqual(['http://localhost/auth/callback', 'http://127.0.0.1/auth/callback']);
    expect(client.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(client.attributes['post.logout.redirect.uris'].split('##')).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
    const audience = client.protocolMappers.find((m) => m.protocolMapper === 'oidc-audience-mapper')!;
    expect(audience.config).toMatchObject({ 'included.custom.audience': KEYCLOAK_API_AUDIENCE, 'access.token.claim': 'true' });
  });
});
