import { parseAllowedTransports, parseTrustProxy, transportProblems } from './transport';

const secure = {
  production: true,
  allowed: [],
  databaseUrl: 'postgres://psp_app:x@db.example:5432/psp?sslmode=verify-full',
  urls: [
    { name: 'JWT_JWKS_URL', value: 'https://login.example/realms/psp/certs' },
    { name: 'OIDC_ISSUER_URL', value: 'https://login.example/realms/psp' },
  ],
  smtpUrl: 'smtps://mail.example:465',
};

describe('transport security in production', () => {
  it('accepts verified TLS everywhere, and anything outside production', () => {
    expect(transportProblems(secure)).toEqual([]);
    expect(transportProblems({ ...secure, smtpUrl: 'smtp://mail.example:587?requireTLS=true' })).toEqual([]);
    expect(transportProblems({ ...secure, production: false, databaseUrl: 'postgres://a:b@h:5432/d', smtpUrl: 'smtp://h:25' })).toEqual([]);
  });

  it('refuses plain connections, naming the variable', () => {
    const p = transportProblems({
      ...secure,
      databaseUrl: 'postgres://psp_app:x@db.example:5432/psp?sslmode=require',
      urls: [{ name: 'JWT_JWKS_URL', value: 'http://login.example/certs' }],
      smtpUrl: 'smtp://mail.example:25',
    });
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/^JWT_JWKS_URL must be https/);
    expect(p[1]).toMatch(/^DATABASE_URL must use TLS with certificate verification/);
    expect(p[2]).toMatch(/^SMTP_URL must use TLS/);
  });

  it('lets the operator allow a named transport, and only that one', () => {
    const plain = { ...secure, databaseUrl: 'postgres://a:b@h:5432/d', smtpUrl: 'smtp://h:25' };
    expect(transportProblems({ ...plain, allowed: ['database'] })).toEqual([expect.stringMatching(/^SMTP_URL/)]);
    expect(parseAllowedTransports('database, smtp')).toEqual({ allowed: ['database', 'smtp'] });
    expect(parseAllowedTransports('everything').problem).toMatch(/unknown transports \(everything\)/);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default, a number of hops, or listed addresses', () => {
    expect(parseTrustProxy(undefined)).toEqual({ value: false });
    expect(parseTrustProxy('false')).toEqual({ value: false });
    expect(parseTrustProxy('1')).toEqual({ value: 1 });
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1, loopback')).toEqual({ value: ['10.0.0.0/8', '127.0.0.1', 'loopback'] });
    expect(parseTrustProxy('0').problem).toMatch(/1-10/);
    expect(parseTrustProxy('proxy.example').problem).toMatch(/not proxy.example/);
  });
});
