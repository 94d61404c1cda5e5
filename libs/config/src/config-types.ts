import type { KeyObject } from 'node:crypto';

/** What each process's loader (api-config.ts, worker-config.ts, mailer-config.ts) returns. */
export type Profile = 'api' | 'worker' | 'mailer';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  /** How long a query waits for a connection of the pool (createDataSource's default when unset). */
  acquireTimeoutMs?: number;
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

/** What api and worker share so that Temporal holds no readable data. */
export interface TemporalKeysConfig {
  /** key id → 32-byte AES-256 key of the payload codec; old ids stay to decode old histories. */
  payloadKeys: Map<string, Buffer>;
  payloadActiveKeyId: string;
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

export interface MailerConfig {
  database: DatabaseConfig;
  /** Unset: there is no e-mail to send (the worker queues none either). */
  smtp: { url: string; from: string } | undefined;
  /** Where the mailer serves Prometheus metrics (e-mails sent, failed, waiting); undefined: off. */
  metricsAddress: string | undefined;
}
