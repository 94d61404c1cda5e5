/**
 * Transport security in production. With NODE_ENV=production every connection that carries
 * credentials or personal data must be encrypted and its server verified: the identity provider
 * (issuer, JWKS), PostgreSQL (sslmode=verify-full or verify-ca) and SMTP (smtps://, or STARTTLS
 * required). An operator may knowingly allow one of them otherwise by naming it in
 * INSECURE_TRANSPORT_ALLOWED, e.g. for a database on the same host behind a Unix socket.
 */
export const TRANSPORTS = ['identity-provider', 'database', 'smtp'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface TransportSettings {
  production: boolean;
  allowed: readonly Transport[];
  databaseUrl?: string;
  urls: { name: string; value: string | undefined }[];
  smtpUrl?: string;
}

/** Parses INSECURE_TRANSPORT_ALLOWED: a comma-separated list of transports, or a problem. */
export function parseAllowedTransports(raw: string | undefined): { allowed: Transport[]; problem?: string } {
  if (!raw) return { allowed: [] };
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(TRANSPORTS as readonly string[]).includes(n));
  if (unknown.length > 0) return { allowed: [], problem: `INSECURE_TRANSPORT_ALLOWED names unknown transports (${unknown.join(', ')}); allowed: ${TRANSPORTS.join(', ')}` };
  return { allowed: names as Transport[] };
}

/** One line per connection that production would make without verified TLS, naming the variable. */
export function transportProblems(s: TransportSettings): string[] {
  if (!s.production) return [];
  const problems: string[] = [];
  const allow = (t: Transport) => s.allowed.includes(t);
  if (!allow('identity-provider')) {
    for (const { name, value } of s.urls) {
      if (value && !value.startsWith('https://')) {
        problems.push(`${name} must be https in production (or name identity-provider in INSECURE_TRANSPORT_ALLOWED)`);
      }
    }
  }
  if (!allow('database') && s.databaseUrl) {
    const mode = new URL(s.databaseUrl.replace(/^postgres(ql)?:/, 'http:')).searchParams.get('sslmode');
    if (mode !== 'verify-full' && mode !== 'verify-ca') {
      problems.push('DATABASE_URL must use TLS with certificate verification in production: add ?sslmode=verify-full (or name database in INSECURE_TRANSPORT_ALLOWED)');
    }
  }
  if (!allow('smtp') && s.smtpUrl) {
    const url = new URL(s.smtpUrl.replace(/^smtps?:/, (m) => (m === 'smtps:' ? 'https:' : 'http:')));
    const startTls = url.searchParams.get('requireTLS') === 'true';
    if (!s.smtpUrl.startsWith('smtps://') && !startTls) {
      problems.push('SMTP_URL must use TLS in production: smtps://…, or smtp://…?requireTLS=true for STARTTLS (or name smtp in INSECURE_TRANSPORT_ALLOWED)');
    }
  }
  return problems;
}

/**
 * Express's `trust proxy` from TRUST_PROXY: unset or `false` trusts no proxy (the client address
 * is the socket's); a number is the count of proxy hops in front; otherwise a comma-separated list
 * of proxy addresses or subnets (e.g. `10.0.0.0/8, 127.0.0.1`).
 */
export function parseTrustProxy(raw: string | undefined): { value: boolean | number | string[]; problem?: string } {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'false') return { value: false };
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    return hops >= 1 && hops <= 10 ? { value: hops } : { value: false, problem: 'TRUST_PROXY as a hop count must be 1-10' };
  }
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((e) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e) && !['loopback', 'linklocal', 'uniquelocal'].includes(e));
  if (bad.length > 0) return { value: false, problem: `TRUST_PROXY must be false, a hop count, or proxy addresses/subnets; not ${bad.join(', ')}` };
  return { value: entries };
}
