import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BASE64_32, emptyToUndefined, HOST_PORT, HTTP_URL, KEY_LIST, POSTGRES_URL, toInt } from './environment-formats';

/**
 * Every environment variable the api and worker read. The configuration table in docs/operations.md lists the
 * same names; a variable not declared here is not read anywhere.
 */
export class Environment {
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

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(100, { message: 'must be at least 100 (ms)' })
  @Max(120000, { message: 'must be at most 120000 (ms)' })
  DATABASE_ACQUIRE_TIMEOUT_MS?: number;

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
