import 'reflect-metadata';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { accessSync, constants as fsConstants, readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { parseAllowedTransports, parseTrustProxy, transportProblems } from './transport';

/** Raised when the environment is missing or has a malformed variable; one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/;
const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;
const HTTP_URL = /^https?:\/\/\S+$/;
// base64 of at least 32 bytes is at least 43 characters.
const BASE64_32 = /^[A-Za-z0-9+/]{43,}={0,2}$/;
const KEY_LIST = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=?(\s*,\s*[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=?)*$/;

/**
 * Every environment variable the api and worker read. The configuration table in docs/operations.md lists the
 * same names; a variable not declared here is not read anywhere.
 */
class Environment {
  @Transform(emptyToUndefined)
  @IsString({ message: 'is required (a postgres:// connection URL)' })
  @Matches(POSTGRES_URL, { message: 'must be a postgres://user:password@host:port/database URL' })
  DATABASE_URL!: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(200, { message: 'must be at most 200' })
  DATABASE_POOL_SIZE?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HOST_PORT, { message: 'must be host:port, e.g. localhost:7233' })
  TEMPORAL_ADDRESS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be a Temporal namespace name' })
  TEMPORAL_NAMESPACE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be a task queue name (letters, digits, . _ -)' })
  TEMPORAL_TASK_QUEUE?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a TCP port number' })
  @Min(0, { message: 'must be a TCP port number (0-65535)' })
  @Max(65535, { message: 'must be a TCP port number (0-65535)' })
  PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  HOST?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL (where people open the web app)' })
  WEB_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required (the expected "iss" of access tokens)' })
  JWT_ISSUER!: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required (the expected "aud" of access tokens)' })
  JWT_AUDIENCE!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL of a JWKS document' })
  JWT_JWKS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['preferred_username', 'email'], { message: 'must be preferred_username or email' })
  IDENTITY_CLAIM?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be the http(s) issuer URL of an OpenID provider' })
  OIDC_ISSUER_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  OIDC_ALLOW_INSECURE_HTTP?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(1, { message: 'must be at least 1 minute' })
  @Max(720, { message: 'must be at most 720 minutes' })
  SESSION_IDLE_MINUTES?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1, { message: 'must be at least 1 hour' })
  @Max(24, { message: 'must be at most 24 hours' })
  SESSION_ABSOLUTE_HOURS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, {
    message: 'must be a PEM "BEGIN PUBLIC KEY" block',
  })
  JWT_PUBLIC_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_PUBLIC_KEY_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required: comma-separated id:base64 list of 32-byte AES keys, e.g. k1:<base64>' })
  @Matches(KEY_LIST, { message: 'must be a comma-separated list of id:base64 32-byte keys, e.g. k1:<base64>' })
  DATA_ENCRYPTION_KEYS!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one of the key ids in DATA_ENCRYPTION_KEYS' })
  DATA_ENCRYPTION_ACTIVE_KEY?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required: a base64 key of at least 32 bytes for the CPR blind index' })
  @Matches(BASE64_32, { message: 'must be a base64 key of at least 32 bytes' })
  CPR_INDEX_KEY!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_PRIVATE_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_PRIVATE_KEY_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_PUBLIC_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_PUBLIC_KEY_FILE?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required: comma-separated id:base64 list of 32-byte AES keys that encrypt Temporal payloads, e.g. t1:<base64>' })
  @Matches(KEY_LIST, { message: 'must be a comma-separated list of id:base64 32-byte keys, e.g. t1:<base64>' })
  TEMPORAL_PAYLOAD_KEYS!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one of the key ids in TEMPORAL_PAYLOAD_KEYS' })
  TEMPORAL_PAYLOAD_ACTIVE_KEY?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'is required: a base64 key of at least 32 bytes with which the api signs the step changes it sends the worker' })
  @Matches(BASE64_32, { message: 'must be a base64 key of at least 32 bytes' })
  TEMPORAL_REQUEST_SIGNING_KEY!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'must be a host name (the name in the Temporal server certificate)' })
  TEMPORAL_TLS_SERVER_NAME?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  RETENTION_REJECTED_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of months' })
  @Min(1, { message: 'must be at least 1 month' })
  RETENTION_CLOSED_MONTHS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  NOMINATION_EXPIRY_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(2, { message: 'must be at least 2' })
  WORKER_MAX_CACHED_WORKFLOWS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  AUTH_FAILURE_LIMIT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, { message: 'must be a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_FROM?: string;

  @IsOptional()
  @Matches(/^(off|[A-Za-z0-9.-]+:\d{1,5})$/, { message: 'must be host:port (e.g. 0.0.0.0:9464) or off' })
  WORKER_METRICS_ADDRESS?: string;

  @IsOptional()
  @Matches(/^(off|[A-Za-z0-9.-]+:\d{1,5})$/, { message: 'must be host:port (e.g. 0.0.0.0:9465) or off' })
  MAILER_METRICS_ADDRESS?: string;

  /** `production` requires verified TLS to the identity provider, PostgreSQL and SMTP (transport.ts). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  INSECURE_TRANSPORT_ALLOWED?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');

function keyBytes(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}

export type Profile = 'api' | 'worker' | 'mailer';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

/** TLS to the Temporal frontend: with the CA only, TLS; with a client certificate and key, mutual TLS. */
export interface TemporalTlsConfig {
  /** PEM of the CA that issued the server's certificate; unset: the system's trusted CAs. */
  caFile?: string;
  /** PEM client certificate and its private key (mTLS); set both or neither. */
  certFile?: string;
  keyFile?: string;
  /** The name to expect in the server's certificate when it differs from TEMPORAL_ADDRESS's host. */
  serverName?: string;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Unset: plain gRPC (the local dev server). */
  tls: TemporalTlsConfig | undefined;
}

/** What api and worker share so that Temporal holds no readable data and cannot forge a request. */
export interface TemporalKeysConfig {
  /** key id → 32-byte AES-256 key of the payload codec; old ids stay to decode old histories. */
  payloadKeys: Map<string, Buffer>;
  payloadActiveKeyId: string;
  /** HMAC-SHA256 key: the api signs each step change it sends, the worker checks it. */
  requestSigningKey: Buffer;
}

export type JwtKeySource =
  | { kind: 'jwks'; url: string }
  | { kind: 'pem'; pem: string }
  | { kind: 'pem-file'; path: string };

export interface JwtConfig {
  issuer: string;
  audience: string;
  key: JwtKeySource;
}

/** Which claim of a token names the PSP user: `preferred_username` (= username) or `email`. */
export type IdentityClaim = 'preferred_username' | 'email';

/** Browser sign-in: the api is the OpenID Connect client (authorization code + PKCE). */
export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Only for a local development provider on plain http; never in production. */
  allowInsecureHttp: boolean;
}

export interface SessionConfig {
  idleMinutes: number;
  absoluteHours: number;
  /** `__Host-` cookie with Secure when the api is served over https. */
  secureCookie: boolean;
}

export interface EncryptionConfig {
  /** key id → 32-byte AES-256 key */
  keys: Map<string, Buffer>;
  activeKeyId: string;
  blindIndexKey: Buffer;
}

export interface RetentionConfig {
  afterRejectionDays: number;
  afterClosureMonths: number;
}

export interface ApiConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  temporalKeys: TemporalKeysConfig;
  logLevel: string;
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    corsOrigins: string[];
    authFailureLimit: number;
    /** Express's `trust proxy`: which proxies' X-Forwarded-For decides the client address (logged, rate-limited). */
    trustProxy: boolean | number | string[];
  };
  /** Where people open the web app; every link the system sends starts here. */
  webBaseUrl: string;
  jwt: JwtConfig;
  identityClaim: IdentityClaim;
  /** Unset: no browser sign-in (bearer tokens only). */
  oidc: OidcConfig | undefined;
  session: SessionConfig;
  /** The built web app (index.html and assets) the api serves at `/`. */
  webDistDir: string;
  encryption: EncryptionConfig;
  /** Where the access log's signed chain heads are kept and the public key that checks them (and the checkpoints). */
  auditAnchor: { publicKey: KeyObject; dir: string };
  retention: RetentionConfig;
}

export interface WorkerConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  temporalKeys: TemporalKeysConfig;
  logLevel: string;
  publicBaseUrl: string;
  /** Where people open the web app; every link in a notice starts here. */
  webBaseUrl: string;
  workflowBundlePath: string | undefined;
  /** Where the worker writes the access log's signed chain heads, and the private key it signs them (and retention checkpoints) with. */
  auditAnchor: { privateKey: KeyObject; dir: string };
  /** When a rejected person is anonymised (the worker starts retention for nominations it rejects). */
  retention: RetentionConfig;
  /** A nomination undecided this many days is rejected by the daily sweep. */
  nominationExpiryDays: number;
  /** Unset: notifications go to the in-app inbox only. */
  smtp: { url: string; from: string } | undefined;
  /** Workflows kept in memory; others are replayed from history when they wake. */
  maxCachedWorkflows: number;
  /** Where the worker serves Prometheus metrics (Temporal SDK and notifications); undefined: off. */
  metricsAddress: string | undefined;
}

const API_ONLY: (keyof Environment)[] = ['JWT_ISSUER', 'JWT_AUDIENCE', 'DATA_ENCRYPTION_KEYS', 'CPR_INDEX_KEY'];
const TEMPORAL_KEYS: (keyof Environment)[] = ['TEMPORAL_PAYLOAD_KEYS', 'TEMPORAL_REQUEST_SIGNING_KEY'];
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

function parse(env: NodeJS.ProcessEnv, profile: Profile): Environment {
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

const ANCHOR_KEY = {
  api: { name: 'AUDIT_ANCHOR_PUBLIC_KEY', what: 'the Ed25519 public key (PEM, or base64 SPKI) that checks access-log anchors and checkpoints' },
  worker: { name: 'AUDIT_ANCHOR_PRIVATE_KEY', what: 'the Ed25519 private key (PEM, or base64 PKCS#8) that signs access-log anchors and checkpoints' },
} as const;

/** The anchor key's text, from the variable or its _FILE. */
function anchorKeyText(e: Environment, profile: 'api' | 'worker'): string | undefined {
  const name = ANCHOR_KEY[profile].name;
  const inline = e[name];
  const file = e[`${name}_FILE`];
  return inline ?? (file ? readFileSync(file, 'utf8') : undefined);
}

function parseAnchorKey(text: string, kind: 'private' | 'public'): KeyObject {
  const t = text.trim();
  if (kind === 'public' && t.includes('PRIVATE KEY')) throw new Error('is a private key');
  const key =
    kind === 'private'
      ? t.startsWith('-----') ? createPrivateKey(t) : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' })
      : t.startsWith('-----') ? createPublicKey(t) : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`);
  return key;
}

/** api: the public anchor key; worker: the private one; both: the anchor directory. Never echoes a key. */
function anchorProblems(e: Environment, profile: 'api' | 'worker'): string[] {
  const problems: string[] = [];
  if (!e.AUDIT_ANCHOR_DIR) problems.push('AUDIT_ANCHOR_DIR is required: the directory (outside PostgreSQL, write-once storage in production) of the access log\'s signed chain heads');
  const { name, what } = ANCHOR_KEY[profile];
  const sources = [e[name], e[`${name}_FILE`]].filter(Boolean);
  if (sources.length !== 1) {
    problems.push(`${name} / ${name}_FILE: set exactly one of them (${what})`);
    return problems;
  }
  try {
    parseAnchorKey(anchorKeyText(e, profile) as string, profile === 'api' ? 'public' : 'private');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'names a file that does not exist' : (err as Error).message === 'is a private key' ? 'holds a private key (the verifier gets the public key only)' : 'is not an Ed25519 key';
    problems.push(`${e[name] ? name : `${name}_FILE`} ${why}: it must be ${what}`);
  }
  return problems;
}

function common(e: Environment) {
  return {
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE ?? 10 },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: e.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: e.TEMPORAL_TASK_QUEUE ?? 'psp-koordinering',
      tls: temporalTls(e),
    },
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

function temporalTls(e: Environment): TemporalTlsConfig | undefined {
  if (!e.TEMPORAL_TLS_CA_FILE && !e.TEMPORAL_TLS_CERT_FILE) return undefined;
  const tls: TemporalTlsConfig = {};
  if (e.TEMPORAL_TLS_CA_FILE) tls.caFile = e.TEMPORAL_TLS_CA_FILE;
  if (e.TEMPORAL_TLS_CERT_FILE && e.TEMPORAL_TLS_KEY_FILE) {
    tls.certFile = e.TEMPORAL_TLS_CERT_FILE;
    tls.keyFile = e.TEMPORAL_TLS_KEY_FILE;
  }
  if (e.TEMPORAL_TLS_SERVER_NAME) tls.serverName = e.TEMPORAL_TLS_SERVER_NAME;
  return tls;
}

function temporalKeys(e: Environment): TemporalKeysConfig {
  const payloadKeys = new Map<string, Buffer>();
  for (const part of e.TEMPORAL_PAYLOAD_KEYS.split(',')) {
    const [id, b64] = part.trim().split(':');
    payloadKeys.set(id, keyBytes(b64));
  }
  return {
    payloadKeys,
    payloadActiveKeyId: e.TEMPORAL_PAYLOAD_ACTIVE_KEY ?? [...payloadKeys.keys()].at(-1)!,
    requestSigningKey: keyBytes(e.TEMPORAL_REQUEST_SIGNING_KEY),
  };
}

function encryption(e: Environment): EncryptionConfig {
  const keys = new Map<string, Buffer>();
  for (const part of e.DATA_ENCRYPTION_KEYS.split(',')) {
    const [id, b64] = part.trim().split(':');
    keys.set(id, keyBytes(b64));
  }
  const activeKeyId = e.DATA_ENCRYPTION_ACTIVE_KEY ?? [...keys.keys()].at(-1)!;
  return { keys, activeKeyId, blindIndexKey: keyBytes(e.CPR_INDEX_KEY) };
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parse(env, 'api');
  const port = e.PORT ?? 3000;
  const host = e.HOST ?? '127.0.0.1';
  const publicBaseUrl = stripSlash(e.PUBLIC_BASE_URL ?? `http://localhost:${port}`);
  const key: JwtKeySource = e.JWT_JWKS_URL
    ? { kind: 'jwks', url: e.JWT_JWKS_URL }
    : e.JWT_PUBLIC_KEY
      ? { kind: 'pem', pem: e.JWT_PUBLIC_KEY }
      : { kind: 'pem-file', path: e.JWT_PUBLIC_KEY_FILE as string };
  return {
    ...common(e),
    temporalKeys: temporalKeys(e),
    http: {
      host,
      port,
      publicBaseUrl,
      corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [],
      authFailureLimit: e.AUTH_FAILURE_LIMIT ?? 20,
      trustProxy: parseTrustProxy(e.TRUST_PROXY).value,
    },
    webBaseUrl: stripSlash(e.WEB_BASE_URL ?? publicBaseUrl),
    jwt: { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, key },
    identityClaim: (e.IDENTITY_CLAIM ?? 'preferred_username') as IdentityClaim,
    oidc: e.OIDC_ISSUER_URL
      ? {
          issuerUrl: e.OIDC_ISSUER_URL,
          clientId: e.OIDC_CLIENT_ID as string,
          clientSecret: e.OIDC_CLIENT_SECRET as string,
          allowInsecureHttp: e.OIDC_ALLOW_INSECURE_HTTP === 'true',
        }
      : undefined,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES ?? 30,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS ?? 10,
      secureCookie: publicBaseUrl.startsWith('https:'),
    },
    webDistDir: e.WEB_DIST_DIR ?? 'dist/apps/web',
    encryption: encryption(e),
    auditAnchor: { publicKey: parseAnchorKey(anchorKeyText(e, 'api') as string, 'public'), dir: e.AUDIT_ANCHOR_DIR as string },
    retention: { afterRejectionDays: e.RETENTION_REJECTED_DAYS ?? 30, afterClosureMonths: e.RETENTION_CLOSED_MONTHS ?? 24 },
  };
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const e = parse(env, 'worker');
  return {
    ...common(e),
    temporalKeys: temporalKeys(e),
    publicBaseUrl: e.PUBLIC_BASE_URL ?? 'http://localhost:3000',
    webBaseUrl: stripSlash(e.WEB_BASE_URL ?? e.PUBLIC_BASE_URL ?? 'http://localhost:3000'),
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    auditAnchor: { privateKey: parseAnchorKey(anchorKeyText(e, 'worker') as string, 'private'), dir: e.AUDIT_ANCHOR_DIR as string },
    retention: { afterRejectionDays: e.RETENTION_REJECTED_DAYS ?? 30, afterClosureMonths: e.RETENTION_CLOSED_MONTHS ?? 24 },
    nominationExpiryDays: e.NOMINATION_EXPIRY_DAYS ?? 90,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS ?? 50,
    metricsAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : (e.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464'),
    smtp: smtpOf(e),
  };
}

export interface MailerConfig {
  database: DatabaseConfig;
  /** Unset: there is no e-mail to send (the worker queues none either). */
  smtp: { url: string; from: string } | undefined;
  /** Where the mailer serves Prometheus metrics (e-mails sent, failed, waiting); undefined: off. */
  metricsAddress: string | undefined;
}

export function loadMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const e = parse(env, 'mailer');
  return {
    database: common(e).database,
    smtp: smtpOf(e),
    metricsAddress: e.MAILER_METRICS_ADDRESS === 'off' ? undefined : (e.MAILER_METRICS_ADDRESS ?? '127.0.0.1:9465'),
  };
}

function smtpOf(e: Environment): { url: string; from: string } | undefined {
  return e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? 'PSP Koordinering <no-reply@psp-koordinering.invalid>' } : undefined;
}

/** Loads config or ends the process with one line per problem: how a program must fail on bad config. */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`Configuration error: ${p}\n`);
      process.exit(78);
    }
    throw err;
  }
}

/**
 * Node options the worker process is started with (npm start, docker-compose, npm run
 * start:worker, the benchmarks, the crash test): an old-space limit per isolate (main thread and
 * workflow thread), so garbage is collected before the worker's memory balloons (figures in
 * docs/performance.md). Raising WORKER_MAX_CACHED_WORKFLOWS far above 50 needs this raised too.
 */
export const WORKER_NODE_OPTIONS: readonly string[] = ['--max-old-space-size=256'];
