import { accessSync, constants as fsConstants } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { anchorProblems } from './anchor-key';
import { ConfigError } from './config-error';
import type { Profile } from './config-types';
import { Environment } from './environment';
import { BASE64_32, KEY_LIST, keyBytes } from './environment-formats';
import { parseAllowedTransports, parseTrustProxy, transportProblems } from './transport';

const API_ONLY: (keyof Environment)[] = ['JWT_ISSUER', 'JWT_AUDIENCE', 'DATA_ENCRYPTION_KEYS', 'CPR_INDEX_KEY'];
const TEMPORAL_KEYS: (keyof Environment)[] = ['TEMPORAL_PAYLOAD_KEYS'];
/** What each profile need not have: the mailer reads the outbox and talks SMTP, nothing else. */
const NOT_NEEDED: Record<Profile, (keyof Environment)[]> = {
  api: [],
  worker: API_ONLY,
  mailer: [...API_ONLY, ...TEMPORAL_KEYS],
};

function describe(errors: ValidationError[], profile: Profile): string[] {
  return errors
    .filter((e) => !NOT_NEEDED[profile].includes(e.property as keyof Environment))
    .map((e) => {
      const constraints = e.constraints ?? {};
      // A missing variable says "is required"; a present one says what shape it must have.
      const why = (e.value === undefined ? constraints['isString'] : undefined) ?? Object.values(constraints)[0] ?? 'is invalid';
      return `${e.property} ${why}`;
    });
}

/**
 * The environment as one process (profile) needs it: each variable's shape (environment.ts), then
 * the rules across variables; a ConfigError lists every problem, one line each.
 */
export function parseEnvironment(env: NodeJS.ProcessEnv, profile: Profile): Environment {
  const parsed = plainToInstance(Environment, { ...env }, { excludeExtraneousValues: false });
  const problems = describe(validateSync(parsed, { skipMissingProperties: false }), profile);
  if (profile === 'api') {
    const sources = [parsed.JWT_JWKS_URL, parsed.JWT_PUBLIC_KEY, parsed.JWT_PUBLIC_KEY_FILE].filter(Boolean);
    if (sources.length !== 1) {
      problems.push(
        'JWT_JWKS_URL / JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE: set exactly one of them (where the token signing keys come from)',
      );
    }
  }
  if (profile === 'api' && parsed.OIDC_ISSUER_URL && (!parsed.OIDC_CLIENT_ID || !parsed.OIDC_CLIENT_SECRET)) {
    problems.push('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_ISSUER_URL (the api is the browser sign-in client)');
  }
  if (profile === 'api' && parsed.OIDC_ISSUER_URL?.startsWith('http:') && parsed.OIDC_ALLOW_INSECURE_HTTP !== 'true') {
    problems.push('OIDC_ISSUER_URL must be https (OIDC_ALLOW_INSECURE_HTTP=true allows http for a local development provider only)');
  }
  if (profile === 'api' && parsed.DATA_ENCRYPTION_KEYS && parsed.DATA_ENCRYPTION_ACTIVE_KEY) {
    const ids = parsed.DATA_ENCRYPTION_KEYS.split(',').map((p) => p.split(':')[0].trim());
    if (!ids.includes(parsed.DATA_ENCRYPTION_ACTIVE_KEY)) problems.push('DATA_ENCRYPTION_ACTIVE_KEY must be one of the key ids in DATA_ENCRYPTION_KEYS');
  }
  if (profile === 'api') problems.push(...blindIndexKeyProblems(parsed));
  if (profile !== 'mailer') problems.push(...anchorProblems(parsed, profile));
  problems.push(...transportSettingProblems(parsed, profile));
  if (profile !== 'mailer') problems.push(...temporalProblems(parsed));
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}

/** Production's transport rules (transport.ts) and the trusted proxies, for what this profile connects to. */
function transportSettingProblems(e: Environment, profile: Profile): string[] {
  const allowed = parseAllowedTransports(e.INSECURE_TRANSPORT_ALLOWED);
  const problems = allowed.problem ? [allowed.problem] : [];
  if (profile === 'api') {
    const trust = parseTrustProxy(e.TRUST_PROXY);
    if (trust.problem) problems.push(trust.problem);
  }
  problems.push(
    ...transportProblems({
      production: e.NODE_ENV === 'production',
      allowed: allowed.allowed,
      databaseUrl: e.DATABASE_URL,
      urls:
        profile === 'api'
          ? [
              { name: 'JWT_JWKS_URL', value: e.JWT_JWKS_URL },
              { name: 'OIDC_ISSUER_URL', value: e.OIDC_ISSUER_URL },
            ]
          : [],
      smtpUrl: profile === 'mailer' ? e.SMTP_URL : undefined,
    }),
  );
  return problems;
}

/** The payload key list's active id, and the TLS files: present, readable, a certificate only with its key. */
function temporalProblems(e: Environment): string[] {
  const problems: string[] = [];
  if (e.TEMPORAL_PAYLOAD_KEYS && e.TEMPORAL_PAYLOAD_ACTIVE_KEY) {
    const ids = e.TEMPORAL_PAYLOAD_KEYS.split(',').map((p) => p.split(':')[0].trim());
    if (!ids.includes(e.TEMPORAL_PAYLOAD_ACTIVE_KEY)) problems.push('TEMPORAL_PAYLOAD_ACTIVE_KEY must be one of the key ids in TEMPORAL_PAYLOAD_KEYS');
  }
  if (Boolean(e.TEMPORAL_TLS_CERT_FILE) !== Boolean(e.TEMPORAL_TLS_KEY_FILE)) {
    problems.push('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together (the client certificate and its private key, for mutual TLS)');
  }
  if (e.TEMPORAL_TLS_SERVER_NAME && !e.TEMPORAL_TLS_CA_FILE && !e.TEMPORAL_TLS_CERT_FILE) {
    problems.push('TEMPORAL_TLS_SERVER_NAME applies only with TLS: set TEMPORAL_TLS_CA_FILE or TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE');
  }
  for (const name of ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'] as const) {
    const path = e[name];
    if (!path) continue;
    try {
      accessSync(path, fsConstants.R_OK);
    } catch {
      problems.push(`${name} must be a readable PEM file (${path} cannot be read)`);
    }
  }
  return problems;
}

/** The CPR blind index must not share its key with the encryption: one leaked key must not give both away. */
function blindIndexKeyProblems(e: Environment): string[] {
  if (!e.CPR_INDEX_KEY || !e.DATA_ENCRYPTION_KEYS || !BASE64_32.test(e.CPR_INDEX_KEY) || !KEY_LIST.test(e.DATA_ENCRYPTION_KEYS)) return [];
  const index = keyBytes(e.CPR_INDEX_KEY);
  const same = e.DATA_ENCRYPTION_KEYS.split(',')
    .map((p) => p.trim().split(':'))
    .filter(([, b64]) => keyBytes(b64).equals(index))
    .map(([id]) => id);
  return same.length > 0
    ? [`CPR_INDEX_KEY must not equal an encryption key (it equals ${same.join(', ')} in DATA_ENCRYPTION_KEYS): give the blind index a key of its own`]
    : [];
}
