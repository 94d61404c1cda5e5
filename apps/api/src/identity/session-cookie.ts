import type { SessionConfig } from '@psp/config';
import type { Request, Response } from 'express';

/** Header every state-changing request of the web app carries; a page on another site cannot set it without CORS. */
export const CSRF_HEADER = 'x-psp-csrf';
/** Header of the web app's background refreshes: they do not count as activity for the idle timeout. */
export const BACKGROUND_HEADER = 'x-psp-background';

/** `__Host-` cookies must be Secure; over plain http (local development) the prefix is dropped. */
export const sessionCookieName = (c: SessionConfig) => (c.secureCookie ? '__Host-psp_session' : 'psp_session');
export const loginCookieName = (c: SessionConfig) => (c.secureCookie ? '__Host-psp_login' : 'psp_login');

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setCookie(res: Response, c: SessionConfig, name: string, value: string, maxAgeMs: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: c.secureCookie, path: '/', maxAge: maxAgeMs });
}

export function clearCookie(res: Response, c: SessionConfig, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: c.secureCookie, path: '/' });
}

/**
 * Whether a request that arrived with the session cookie may change state: it carries the web
 * app's header and, where the browser says where it comes from, it comes from this site.
 * Returns why not, or undefined when it may.
 */
export function crossSiteRefusal(req: Request, allowedOrigins: readonly string[]): string | undefined {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return undefined;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `Cross-site request refused (Sec-Fetch-Site: ${String(site)})`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return 'Cross-site request refused (the Origin is not this site)';
  if (req.headers[CSRF_HEADER] !== '1') return `Request refused: a signed-in browser's changes must carry the ${CSRF_HEADER} header`;
  return undefined;
}

/** Where to go after sign-in: a path on this site only (no other host, no scheme). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || [...value].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  return value;
}
