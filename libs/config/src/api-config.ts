import { anchorKeyText, parseAnchorKey } from './anchor-key';
import type { ApiConfig, IdentityClaim, JwtKeySource } from './config-types';
import { stripSlash } from './environment-formats';
import { parseEnvironment } from './parse-environment';
import { common, encryption, temporalKeys } from './settings';
import { parseTrustProxy } from './transport';

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseEnvironment(env, 'api');
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
