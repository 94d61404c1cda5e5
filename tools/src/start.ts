import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { loadApiConfig, loadOrExit, WORKER_NODE_OPTIONS } from '@psp/config';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys } from './dev-issuer';
import { DEV_OIDC_CLIENT_ID, DEV_PASSWORD, startDevOidcProvider } from './dev-oidc-provider';
import { ensureDevAnchorKeys, ensureDevSecrets, randomSecrets } from './dev-secrets';
import { startMailSink } from './mail-sink';
import { migrateAndSeed, retentionMonthsFrom } from './migrate';
import { dataDir, repoRoot } from './paths';
import { provisionDatabase, startPostgres } from './postgres-server';
import { startProcess, waitFor, type ManagedProcess } from './processes';
import { removeRuntime, writeRuntime } from './runtime-file';
import { ensureTemporalBinary } from './temporal-binaries';
import { startTemporalDevServer } from './temporal-server';

/**
 * `npm start`: the whole system on one machine. Embedded PostgreSQL and the Temporal dev server
 * (unless DATABASE_URL with MIGRATION_DATABASE_URL / TEMPORAL_ADDRESS name external ones; the
 * embedded PostgreSQL gets an owner login for the migrations and an application login for the
 * api, worker and mailer, as production has), a local mail sink (unless SMTP_URL
 * names a server), migrations and seed, then api, worker and mailer. Ctrl-C stops everything in
 * order: api, worker and mailer, then the mail sink, Temporal, PostgreSQL.
 */
const APPS: [name: string, main: string, nodeOptions: readonly string[]][] = [
  ['worker', 'dist/apps/worker/src/main.js', WORKER_NODE_OPTIONS],
  ['mailer', 'dist/apps/mailer/src/main.js', []],
  ['api', 'dist/apps/api/src/main.js', []],
];
const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
const env = process.env;
const port = (name: string, fallback: number) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    process.stderr.write(`Configuration error: ${name} must be a TCP port number (0-65535)\n`);
    process.exit(78);
  }
  return Number(raw);
};

async function main(): Promise<void> {
  const started = Date.now();
  const root = repoRoot();
  const dir = dataDir();
  const externalJwt = Boolean(env['JWT_JWKS_URL'] || env['JWT_PUBLIC_KEY'] || env['JWT_PUBLIC_KEY_FILE']);

  // Validate what the operator gave before starting anything; placeholders stand in for what we start.
  const apiPort = port('PORT', 3000);
  const pgPort = port('EMBEDDED_PG_PORT', 5433);
  const temporalPort = port('TEMPORAL_PORT', 7233);
  const temporalUiPort = port('TEMPORAL_UI_PORT', 8233);
  const mailSinkPort = port('MAIL_SINK_PORT', 2525);
  const devOidcPort = port('DEV_OIDC_PORT', 3001);
  const externalOidc = Boolean(env['OIDC_ISSUER_URL']);
  loadOrExit(() =>
    loadApiConfig({
      ...env,
      DATABASE_URL: env['DATABASE_URL'] ?? 'postgres://placeholder@localhost:5432/placeholder',
      JWT_ISSUER: env['JWT_ISSUER'] ?? DEV_ISSUER,
      JWT_AUDIENCE: env['JWT_AUDIENCE'] ?? DEV_AUDIENCE,
      ...(externalJwt ? {} : { JWT_PUBLIC_KEY_FILE: 'placeholder.pem' }),
      ...randomSecrets(),
      ...pick(env, ['DATA_ENCRYPTION_KEYS', 'CPR_INDEX_KEY', 'TEMPORAL_PAYLOAD_KEYS']),
      AUDIT_ANCHOR_DIR: env['AUDIT_ANCHOR_DIR'] ?? 'placeholder-anchors',
      ...(env['AUDIT_ANCHOR_PUBLIC_KEY'] || env['AUDIT_ANCHOR_PUBLIC_KEY_FILE']
        ? {}
        : { AUDIT_ANCHOR_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString() }),
    }),
  );

  if (env['DATABASE_URL'] && !/^postgres(ql)?:\/\//.test(env['MIGRATION_DATABASE_URL'] ?? '')) {
    process.stderr.write('Configuration error: with DATABASE_URL (the application login) set MIGRATION_DATABASE_URL too: a postgres:// URL of the owner login that runs the migrations\n');
    process.exit(78);
  }
  let retentionMonths: number | undefined;
  try {
    retentionMonths = retentionMonthsFrom(env);
  } catch (err) {
    process.stderr.write(`Configuration error: ${(err as Error).message}\n`);
    process.exit(78);
  }

  const stoppers: { name: string; stop: () => Promise<void> }[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log('Stopping ...');
    // api, worker and mailer first (they use the servers), then the servers, newest first.
    const apps = stoppers.filter((s) => APPS.some(([name]) => name === s.name));
    await Promise.all(apps.map((s) => s.stop()));
    for (const s of stoppers.filter((x) => !apps.includes(x)).reverse()) await s.stop();
    removeRuntime(dir);
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(130));
  process.on('SIGTERM', () => void shutdown(143));

  try {
    let databaseUrl = env['DATABASE_URL'];
    let ownerDatabaseUrl = env['MIGRATION_DATABASE_URL'];
    let pgNote = 'external (DATABASE_URL, migrations with MIGRATION_DATABASE_URL)';
    if (!databaseUrl || !ownerDatabaseUrl) {
      log(`Starting embedded PostgreSQL on 127.0.0.1:${pgPort} ...`);
      const pg = await startPostgres({ dataDir: join(dir, 'postgres'), port: pgPort, quiet: true });
      stoppers.push({ name: 'postgres', stop: pg.stop });
      watch(pg.process, shutdown);
      ({ appUrl: databaseUrl, ownerUrl: ownerDatabaseUrl } = await provisionDatabase(pg, 'psp'));
      pgNote = `embedded, 127.0.0.1:${pgPort}, data in ${pg.dataDirectory} (the api, worker and mailer log in as psp_app, migrations as psp_owner)`;
    }

    let temporalAddress = env['TEMPORAL_ADDRESS'];
    let temporalUi = 'external Temporal (TEMPORAL_ADDRESS): see its own UI';
    if (!temporalAddress) {
      const cli = ensureTemporalBinary('cli', log);
      log(`Starting the Temporal dev server on 127.0.0.1:${temporalPort} (${cli}) ...`);
      const temporal = await startTemporalDevServer({
        cliPath: cli,
        port: temporalPort,
        uiPort: temporalUiPort,
        dbFile: join(dir, 'temporal', 'temporal.db'),
      });
      stoppers.push({ name: 'temporal', stop: temporal.stop });
      watch(temporal.process, shutdown);
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl ?? temporalUi;
    }

    let smtpUrl = env['SMTP_URL'];
    let mailNote = `SMTP_URL (${smtpUrl})`;
    if (!smtpUrl) {
      const sink = await startMailSink(join(dir, 'mail'), mailSinkPort);
      stoppers.push({ name: 'mail-sink', stop: sink.stop });
      smtpUrl = sink.url;
      mailNote = `local sink ${sink.url}: e-mails are written to ${join(dir, 'mail')}/*.eml`;
    }

    log('Applying migrations ...');
    await migrateAndSeed(ownerDatabaseUrl, log, retentionMonths);

    const jwtEnv: NodeJS.ProcessEnv = externalJwt
      ? {}
      : { JWT_ISSUER: DEV_ISSUER, JWT_AUDIENCE: DEV_AUDIENCE, JWT_PUBLIC_KEY_FILE: ensureDevKeys(dir).publicKeyFile };
    const apiUrl = `http://localhost:${apiPort}`;
    const publicBaseUrl = (env['PUBLIC_BASE_URL'] ?? apiUrl).replace(/\/+$/, '');
    const webUrl = (env['WEB_BASE_URL'] ?? publicBaseUrl).replace(/\/+$/, '');
    let oidcEnv: NodeJS.ProcessEnv = {};
    let signInNote = `OIDC_ISSUER_URL (${env['OIDC_ISSUER_URL']})`;
    if (!externalOidc) {
      const provider = await startDevOidcProvider({
        port: devOidcPort,
        databaseUrl,
        redirectUris: [`${publicBaseUrl}/auth/callback`],
        postLogoutRedirectUris: [`${webUrl}/logget-ud`],
      });
      stoppers.push({ name: 'oidc-provider', stop: provider.stop });
      oidcEnv = { OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: DEV_OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_ALLOW_INSECURE_HTTP: 'true' };
      signInNote = `development login ${provider.issuer}: any demo user, password ${DEV_PASSWORD} (users: npm run -s token -- --list)`;
    }
    const childEnv: NodeJS.ProcessEnv = {
      ...ensureDevSecrets(dir),
      ...env,
      ...jwtEnv,
      ...oidcEnv,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: smtpUrl,
      PORT: String(apiPort),
      PUBLIC_BASE_URL: publicBaseUrl,
      WORKFLOW_BUNDLE_PATH: env['WORKFLOW_BUNDLE_PATH'] ?? join(root, 'dist', 'workflow-bundle.js'),
    };
    // The access log's anchors: the worker alone holds the private key that signs them (and the
    // retention checkpoints); the api gets the public key that checks them, never the private one.
    const anchors = ensureDevAnchorKeys(dir);
    const anchorEnv = (name: string): NodeJS.ProcessEnv => {
      const own: NodeJS.ProcessEnv = { AUDIT_ANCHOR_DIR: env['AUDIT_ANCHOR_DIR'] ?? anchors.anchorDir };
      if (name === 'worker' && !env['AUDIT_ANCHOR_PRIVATE_KEY'] && !env['AUDIT_ANCHOR_PRIVATE_KEY_FILE']) own['AUDIT_ANCHOR_PRIVATE_KEY_FILE'] = anchors.privateKeyFile;
      if (name === 'api' && !env['AUDIT_ANCHOR_PUBLIC_KEY'] && !env['AUDIT_ANCHOR_PUBLIC_KEY_FILE']) own['AUDIT_ANCHOR_PUBLIC_KEY_FILE'] = anchors.publicKeyFile;
      return own;
    };
    const withoutPrivateAnchorKey = ({ AUDIT_ANCHOR_PRIVATE_KEY: _k, AUDIT_ANCHOR_PRIVATE_KEY_FILE: _f, ...rest }: NodeJS.ProcessEnv) => rest;
    for (const [name, main, nodeOptions] of APPS) {
      const appEnv = { ...(name === 'worker' ? childEnv : withoutPrivateAnchorKey(childEnv)), ...anchorEnv(name) };
      const proc = startProcess(name, process.execPath, [...nodeOptions, join(root, main)], { env: appEnv, cwd: root });
      stoppers.push({ name, stop: () => proc.stop('SIGTERM', 15_000) });
      watch(proc, shutdown);
    }

    await waitFor(
      'The api (/health/ready)',
      async () => {
        const res = await fetch(`${apiUrl}/health/ready`);
        if (res.status !== 200) throw new Error(`/health/ready answered ${res.status}: ${await res.text()}`);
      },
      60_000,
    );
    writeRuntime(dir, { pid: process.pid, databaseUrl, ownerDatabaseUrl, temporalAddress, apiUrl });
    const workerMetrics = env['WORKER_METRICS_ADDRESS'] ?? '127.0.0.1:9464';
    const mailerMetrics = env['MAILER_METRICS_ADDRESS'] ?? '127.0.0.1:9465';
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        '',
        `PSP Koordinering is ready (${seconds} s).`,
        `  Web app      ${webUrl}/`,
        `  Sign in      ${signInNote}`,
        `  API          ${apiUrl}/api/v1   (who am I: ${apiUrl}/api/v1/me)`,
        `  OpenAPI      ${apiUrl}/docs   (JSON: ${apiUrl}/docs-json)`,
        `  Health       ${apiUrl}/health/ready`,
        `  Metrics      ${apiUrl}/metrics (api)${workerMetrics === 'off' ? '' : `, http://${workerMetrics}/metrics (worker)`}${mailerMetrics === 'off' ? '' : `, http://${mailerMetrics}/metrics (mailer)`}`,
        `  Temporal UI  ${temporalUi}`,
        `  PostgreSQL   ${pgNote}`,
        `  E-mail       ${mailNote}`,
        `  Token        npm run -s token -- koordinator.politi   (all users: npm run -s token -- --list)`,
        `  Try          curl -H "Authorization: Bearer $(npm run -s token -- koordinator.politi)" ${apiUrl}/api/v1/me`,
        'Press Ctrl-C to stop everything.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}

function pick(from: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.filter((n) => from[n] !== undefined).map((n) => [n, from[n]]));
}

/** A child that ends on its own takes the whole system down, loudly: nothing fails silently. */
function watch(proc: ManagedProcess, shutdown: (code: number) => Promise<void>): void {
  void proc.exited.then((code) => {
    process.stderr.write(`[start] ${proc.name} exited (${code}); stopping everything.\n`);
    void shutdown(1);
  });
}

void main();
