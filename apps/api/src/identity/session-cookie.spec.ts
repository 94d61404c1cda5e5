import type { Request } from 'express';
import { crossSiteRefusal, loginCookieName, readCookie, safeReturnTo, sessionCookieName } from './session-cookie';

const req = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as Request;
const SITE = 'https://psp.example';

describe('the session cookie and its guards', () => {
  it('is a __Host- cookie over https and a plain one over http', () => {
    const https = { idleMinutes: 30, absoluteHours: 10, secureCookie: true };
    const http = { ...https, secureCookie: false };
    expect([sessionCookieName(https), loginCookieName(https)]).toEqual(['__Host-psp_session', '__Host-psp_login']);
    expect([sessionCookieName(http), loginCookieName(http)]).toEqual(['psp_session', 'psp_login']);
  });

  it('reads only a well-formed session id from the Cookie header', () => {
    const id = 'A'.repeat(43);
    expect(readCookie(req('GET', { cookie: `other=1; psp_session=${id}` }), 'psp_session')).toBe(id);
    expect(readCookie(req('GET', { cookie: 'psp_session=short' }), 'psp_session')).toBeUndefined();
    expect(readCookie(req('GET', { cookie: `psp_session=${'A'.repeat(40)}"<x>` }), 'psp_session')).toBeUndefined();
    expect(readCookie(req('GET', {}), 'psp_session')).toBeUndefined();
  });

  it('lets a signed-in browser change state only from this site and with the web app’s header', () => {
    expect(crossSiteRefusal(req('GET', { origin: 'https://evil.example' }), [SITE])).toBeUndefined();
    expect(crossSiteRefusal(req('POST', { origin: SITE, 'sec-fetch-site': 'same-origin', 'x-psp-csrf': '1' }), [SITE])).toBeUndefined();
    expect(crossSiteRefusal(req('POST', { 'x-psp-csrf': '1' }), [SITE])).toBeUndefined(); // a browser that sends neither header
    expect(crossSiteRefusal(req('POST', { origin: 'https://evil.example', 'x-psp-csrf': '1' }), [SITE])).toMatch(/Origin/);
    expect(crossSiteRefusal(req('PUT', { 'sec-fetch-site': 'cross-site', 'x-psp-csrf': '1' }), [SITE])).toMatch(/cross-site/);
    expect(crossSiteRefusal(req('DELETE', { 'sec-fetch-site': 'same-site', 'x-psp-csrf': '1' }), [SITE])).toMatch(/same-site/);
    expect(crossSiteRefusal(req('POST', { origin: SITE }), [SITE])).toMatch(/x-psp-csrf/);
  });

  it('returns after sign-in only to a path on this site', () => {
    expect(safeReturnTo('/opgaver/1?x=2')).toBe('/opgaver/1?x=2');
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'opgaver', '/a\nb', undefined, 42, `/${'x'.repeat(2001)}`]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
