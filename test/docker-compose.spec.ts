import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_NODE_OPTIONS } from '@psp/config';
import { parse } from 'yaml';
import { KEYCLOAK_CLIENT_ID, KEYCLOAK_DEV_CLIENT_SECRET, KEYCLOAK_VERSION } from '../tools/src/keycloak';

/** Docker does not run on the build machines: the compose file's structure is checked instead. */
const root = join(__dirname, '..');
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has the production-like stack', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'keycloak', 'mailer', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it('has health checks where others wait on health', () => {
    for (const name of ['postgres', 'temporal', 'keycloak', 'api', 'worker', 'mailer']) {
      expect({ name, test: services[name].healthcheck?.test?.length ?? 0 }).toEqual({ name, test: expect.any(Number) });
      expect(services[name].healthcheck!.test.length).toBeGreaterThan(1);
    }
  });

  it('orders start-up: postgres, then migrate and temporal, then api and worker', () => {
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.temporal.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const app of ['api', 'worker']) {
      expect(services[app].depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        temporal: { condition: 'service_healthy' },
      });
    }
    expect(services.mailer.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    for (const s of Object.values(services)) for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(services)).toContain(dep);
  });

  it('gives the migrations the owner login and api, worker and mailer the application login, made when PostgreSQL initialises', () => {
    const login = (url: unknown) => /^postgres:\/\/([a-z_]+):/.exec(String(url))?.[1];
    expect(login(services.migrate.environment!.MIGRATION_DATABASE_URL)).toBe('psp_owner');
    expect(Object.keys(services.migrate.environment!)).not.toContain('DATABASE_URL');
    for (const app of ['api', 'worker', 'mailer']) {
      expect({ app, login: login(services[app].environment!.DATABASE_URL) }).toEqual({ app, login: 'psp_app' });
      expect(Object.keys(services[app].environment!).filter((k) => k.startsWith('MIGRATION') || k.startsWith('POSTGRES') || k === 'PSP_OWNER_PASSWORD')).toEqual([]);
    }
    expect(services.postgres.volumes).toContain('./tools/postgres/init-psp.sh:/docker-entrypoint-initdb.d/init-psp.sh:ro');
    const init = readFileSync(join(root, 'tools/postgres/init-psp.sh'), 'utf8');
    expect(init).toMatch(/CREATE ROLE psp_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE/);
    expect(init).toMatch(/CREATE ROLE psp_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE/);
    expect(init).toMatch(/CREATE DATABASE psp OWNER psp_owner;/);
    // No database password has a default: each must be given.
    expect(readFileSync(join(root, 'docker-compose.yml'), 'utf8')).not.toMatch(/(POSTGRES|PSP_[A-Z]+)_PASSWORD:-/);
  });

  it('persists Temporal to the PostgreSQL service', () => {
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  });

  it('publishes neither Temporal’s frontend nor its UI beyond this machine', () => {
    // Whoever reaches the frontend can start, signal and update workflows and read histories.
    expect(services.temporal.ports ?? []).toEqual([]);
    // The UI (which shows ciphertext only) on the loopback interface, nowhere else.
    for (const mapping of services['temporal-ui'].ports ?? []) expect(mapping).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    // Nor does any other service publish Temporal's ports on all interfaces.
    const onAllInterfaces = Object.values(services).flatMap((svc) => svc.ports ?? []).filter((m) => !m.startsWith('127.0.0.1:'));
    expect(onAllInterfaces.filter((m) => /^(7233|8233):/.test(m))).toEqual([]);
  });

  it('gives api and worker the variables they require', () => {
    for (const app of ['api', 'worker']) {
      expect(Object.keys(services[app].environment!)).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'AUDIT_ANCHOR_DIR']));
      // The same Temporal payload keys for both, and TLS settings.
      expect(services[app].environment).toMatchObject({ TEMPORAL_PAYLOAD_KEYS: expect.stringMatching(/^\$\{TEMPORAL_PAYLOAD_KEYS:\?/) });
      expect(Object.keys(services[app].environment!)).toEqual(
        expect.arrayContaining(['TEMPORAL_PAYLOAD_ACTIVE_KEY', 'TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_SERVER_NAME']),
      );
    }
    // The worker alone signs the access log's anchors; the api (whose settings audit:verify runs with) gets the public key and reads the anchor volume.
    expect(services.worker.environment!.AUDIT_ANCHOR_PRIVATE_KEY).toMatch(/^\$\{AUDIT_ANCHOR_PRIVATE_KEY:\?/);
    expect(services.api.environment!.AUDIT_ANCHOR_PUBLIC_KEY).toMatch(/^\$\{AUDIT_ANCHOR_PUBLIC_KEY:\?/);
    expect(Object.keys(services.api.environment!).filter((k) => k.startsWith('AUDIT_ANCHOR_PRIVATE'))).toEqual([]);
    expect(services.api.volumes).toContain('audit-anchors:/var/lib/psp/anchors:ro');
    expect(services.worker.volumes).toContain('audit-anchors:/var/lib/psp/anchors');
    expect(Object.keys(services.mailer.environment!).filter((k) => k.startsWith('AUDIT_'))).toEqual([]);
    // The mailer never talks to Temporal and gets none of its keys.
    expect(Object.keys(services.mailer.environment!).filter((k) => k.startsWith('TEMPORAL_'))).toEqual([]);
    expect(Object.keys(services.api.environment!)).toEqual(
      expect.arrayContaining(['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL', 'DATA_ENCRYPTION_KEYS', 'CPR_INDEX_KEY', 'HOST']),
    );
    expect(services.api.environment!.HOST).toBe('0.0.0.0');
    expect(services.worker.environment!.WORKFLOW_BUNDLE_PATH).toBe('/app/dist/workflow-bundle.js');
    // The worker queues e-mail only when SMTP is configured, and the mailer sends it: both see SMTP_URL.
    for (const app of ['worker', 'mailer']) expect(Object.keys(services[app].environment!)).toEqual(expect.arrayContaining(['DATABASE_URL', 'SMTP_URL']));
  });

  it('runs a development Keycloak with the psp realm, and points the api at it for browser sign-in', () => {
    const keycloak = services.keycloak;
    expect(keycloak.image).toBe(`quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}`);
    expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
    expect(keycloak.volumes).toEqual(['./tools/keycloak/psp-realm.json:/opt/keycloak/data/import/psp-realm.json:ro']);
    expect(existsSync(join(root, 'tools/keycloak/psp-realm.json'))).toBe(true);
    // Only the login page is published; the management port (health) stays inside.
    expect(keycloak.ports).toEqual(['8080:8080']);
    expect(keycloak.environment).toMatchObject({ KC_HOSTNAME: 'http://keycloak:8080', KC_HEALTH_ENABLED: 'true' });
    expect(keycloak.healthcheck!.test.join(' ')).toContain('/health/ready');

    // The api and the browser see one issuer: the api's OIDC_ISSUER_URL is on KC_HOSTNAME.
    const api = services.api.environment!;
    expect(api).toMatchObject({
      OIDC_ISSUER_URL: '${OIDC_ISSUER_URL:-http://keycloak:8080/realms/psp}',
      OIDC_CLIENT_ID: `\${OIDC_CLIENT_ID:-${KEYCLOAK_CLIENT_ID}}`,
      OIDC_CLIENT_SECRET: `\${OIDC_CLIENT_SECRET:-${KEYCLOAK_DEV_CLIENT_SECRET}}`,
      OIDC_ALLOW_INSECURE_HTTP: '${OIDC_ALLOW_INSECURE_HTTP:-true}',
    });
    const realm = JSON.parse(readFileSync(join(root, 'tools/keycloak/psp-realm.json'), 'utf8')) as { realm: string; clients: { clientId: string; secret: string }[] };
    expect(`${keycloak.environment!.KC_HOSTNAME as string}/realms/${realm.realm}`).toBe('http://keycloak:8080/realms/psp');
    expect(realm.clients.map((c) => [c.clientId, c.secret])).toContainEqual([KEYCLOAK_CLIENT_ID, KEYCLOAK_DEV_CLIENT_SECRET]);
    // The api fetches the provider's metadata at the first sign-in: it does not wait for Keycloak.
    expect(Object.keys(services.api.depends_on!)).not.toContain('keycloak');
  });

  it('runs the programs the build produces', () => {
    const commands: Record<string, [string, string]> = {
      api: ['dist/apps/api/src/main.js', 'apps/api/src/main.ts'],
      worker: ['dist/apps/worker/src/main.js', 'apps/worker/src/main.ts'],
      mailer: ['dist/apps/mailer/src/main.js', 'apps/mailer/src/main.ts'],
      migrate: ['dist/tools/src/migrate.js', 'tools/src/migrate.ts'],
    };
    for (const [name, [built, source]] of Object.entries(commands)) {
      expect(services[name].command).toEqual(['node', ...(name === 'worker' ? WORKER_NODE_OPTIONS : []), built]);
      expect(services[name].build).toBe('.');
      expect(existsSync(join(root, source))).toBe(true);
    }
  });

  it('starts the worker with its heap limit in npm run start:worker too', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:worker']).toBe(['node', ...WORKER_NODE_OPTIONS, 'dist/apps/worker/src/main.js'].join(' '));
  });

  it('builds an image that runs the build and drops root', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/WORKDIR \/app/);
  });
});
