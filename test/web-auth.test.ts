import { startDevOidcProvider, DEV_PASSWORD, DEV_OIDC_CLIENT_ID, type DevOidcProvider } from '../tools/src/dev-oidc-provider';
import { freePort } from '../tools/src/processes';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

const json = (res: Response): Promise<any> => res.json();

/** A browser's cookie jar and redirects, enough to walk the sign-in flow over plain HTTP. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly bodies: string[] = [];

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects (as a browser does for a top-level navigation) and returns the last response and URL. */
  async navigate(url: string, init: RequestInit = {}): Promise<{ res: Response; url: string; text: string }> {
    let res = await this.request(url, init);
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      res = await this.request(url);
    }
    const text = await res.text();
    this.bodies.push(text);
    return { res, url, text };
  }
}

describe('browser sign-in (OpenID Connect code + PKCE, server-side session)', () => {
  let db: TestDatabase;
  let api: TestApi;
  let provider: DevOidcProvider;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    base = `http://localhost:${apiPort}`;
    provider = await startDevOidcProvider({
      port: providerPort,
      databaseUrl: db.url,
      redirectUris: [`${base}/auth/callback`],
      postLogoutRedirectUris: [`${base}/logget-ud`],
    });
    api = await startTestApi({
      dataSource: db.dataSource,
      databaseUrl: db.url,
      taskQueue: uniqueName('web-auth'),
      env: {
        PORT: String(apiPort),
        PUBLIC_BASE_URL: base,
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: DEV_OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_ALLOW_INSECURE_HTTP: 'true',
      },
    });
    await api.app.listen(apiPort, '127.0.0.1');
  });

  afterAll(async () => {
    await api.close();
    await provider.stop();
    await db.drop();
  });

  async function signIn(username: string, returnTo = '/opgaver'): Promise<{ browser: Browser; landed: string }> {
    const browser = new Browser();
    const page = await browser.navigate(`${base}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(page.text).toContain('Udviklingslogin');
    const action = /action="([^"]+)"/.exec(page.text)![1];
    let res = await browser.request(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: DEV_PASSWORD }).toString(),
    });
    let url = page.url;
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      if (url.startsWith(base) && !url.includes('/auth/')) break; // the web app's page: the SPA serves it
      res = await browser.request(url);
    }
    return { browser, landed: url };
  }

  const me = (b: Browser, headers: Record<string, string> = {}) => b.request(`${base}/api/v1/me`, { headers });

  it('sends the browser to the provider with PKCE S256, state and nonce, bound to the browser by an HttpOnly cookie', async () => {
    const browser = new Browser();
    const res = await browser.request(`${base}/auth/login?returnTo=/opgaver`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('client_id')).toBe(DEV_OIDC_CLIENT_ID);
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/auth/callback`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('psp_login='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('signs a caseworker in through the login page: a session cookie (HttpOnly, SameSite) and no token anywhere', async () => {
    const { browser, landed } = await signIn('sagsbehandler.egedal', '/opgaver/123');
    expect(landed).toBe(`${base}/opgaver/123`);
    expect([...browser.cookies.keys()]).toContain('psp_session');
    const res = await me(browser);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ username: 'sagsbehandler.egedal', roles: ['CASEWORKER'] });
    const session = await json(await browser.request(`${base}/api/v1/me/session`));
    expect(session.idleTimeoutSeconds).toBe(30 * 60);
    expect(new Date(session.absoluteExpiresAt).getTime() - Date.now()).toBeGreaterThan(9.9 * 3600_000);
    // No access or ID token reaches the browser: not in a page, a redirect, a cookie or an api answer.
    for (const text of [...browser.bodies, body, ...browser.cookies.values()]) expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and for the session’s lifetime', async () => {
    const browser = new Browser();
    const page = await browser.navigate(`${base}/auth/login`);
    const action = /action="([^"]+)"/.exec(page.text)![1];
    let res = await browser.request(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'leder.egedal', password: DEV_PASSWORD }).toString(),
    });
    let url = page.url;
    let sessionCookie: string | undefined;
    while (!sessionCookie && res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      res = await browser.request(url);
      sessionCookie = res.headers.getSetCookie().find((c) => c.startsWith('psp_session='));
    }
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).toMatch(/Path=\//);
    expect(res.headers.get('location')).toBe('/');
  });

  it('refuses a wrong password on the development login page, in Danish', async () => {
    const browser = new Browser();
    const page = await browser.navigate(`${base}/auth/login`);
    const action = /action="([^"]+)"/.exec(page.text)![1];
    const res = await browser.request(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'sagsbehandler.egedal', password: 'wrong' }).toString(),
    });
    expect(await res.text()).toContain('Forkert brugernavn eller adgangskode');
    expect(browser.cookies.has('psp_session')).toBe(false);
  });

  it('refuses a signed-in browser’s cross-site changes with 403 and logs the refusal on personal-data routes', async () => {
    const { browser } = await signIn('sagsbehandler.egedal');
    const forum = (await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`))[0].id;
    const nominate = (headers: Record<string, string>) =>
      browser.request(`${base}/api/v1/fokuspersoner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          forumId: forum,
          cpr: testCpr().formatted,
          name: 'Kun Fra Samme Side',
          criteria: { challenges: ['PSYCHIATRIC_DIAGNOSIS'], frequentContactWith: ['POLICE'], reason: 'Gentagne henvendelser til politiet' },
        }),
      });
    const crossSite = await nominate({ origin: 'https://evil.example', 'x-psp-csrf': '1' });
    expect(crossSite.status).toBe(403);
    expect((await json(crossSite)).message).toMatch(/Cross-site/);
    expect((await nominate({ 'sec-fetch-site': 'cross-site', 'x-psp-csrf': '1' })).status).toBe(403);
    expect((await nominate({ origin: base })).status).toBe(403); // no CSRF header
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM access_log WHERE outcome = 'DENIED' AND action = 'CREATE' AND detail LIKE '%Cross-site%'`,
    );
    expect(n).toBeGreaterThanOrEqual(2);
    const extend = await browser.request(`${base}/api/v1/me/session/extend`, { method: 'POST', headers: { origin: 'https://evil.example', 'x-psp-csrf': '1' } });
    expect(extend.status).toBe(403);
    const ok = await browser.request(`${base}/api/v1/me/session/extend`, { method: 'POST', headers: { origin: base, 'sec-fetch-site': 'same-origin', 'x-psp-csrf': '1' } });
    expect(ok.status).toBe(200);
    // Nothing was registered by the refused requests; the same request from the web app itself is.
    expect(await db.dataSource.query(`SELECT 1 FROM fokusperson WHERE forum_id = $1`, [forum])).toHaveLength(0);
    expect((await nominate({ origin: base, 'sec-fetch-site': 'same-origin', 'x-psp-csrf': '1' })).status).toBe(201);
    expect(await db.dataSource.query(`SELECT 1 FROM fokusperson WHERE forum_id = $1`, [forum])).toHaveLength(1);
  });

  it('ends an idle session and one past its absolute lifetime: the old cookie gets 401', async () => {
    const idle = await signIn('sagsbehandler.egedal');
    const absolute = await signIn('sagsbehandler.hilleroed');
    expect((await me(idle.browser)).status).toBe(200);
    expect((await me(absolute.browser)).status).toBe(200);
    const [{ id }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.hilleroed'`);
    await db.dataSource.query(`UPDATE web_session SET idle_expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal')`);
    await db.dataSource.query(`UPDATE web_session SET absolute_expires_at = now() - interval '1 second', idle_expires_at = now() - interval '1 second' WHERE user_id = $1`, [id]);
    for (const b of [idle.browser, absolute.browser]) {
      const res = await me(b);
      expect(res.status).toBe(401);
      expect((await json(res)).message).toMatch(/session has ended/);
    }
  });

  it('a background refresh does not keep an idle session alive; what the person does does', async () => {
    const { browser } = await signIn('sagsbehandler.pch');
    await db.dataSource.query(
      `UPDATE web_session SET last_seen_at = now() - interval '1 minute', idle_expires_at = now() + interval '1 minute' WHERE user_id = (SELECT id FROM app_user WHERE username = 'sagsbehandler.pch')`,
    );
    const before = await json(await browser.request(`${base}/api/v1/me/session`));
    await me(browser, { 'x-psp-background': '1' });
    const afterBackground = await json(await browser.request(`${base}/api/v1/me/session`));
    expect(afterBackground.idleExpiresAt).toBe(before.idleExpiresAt);
    await me(browser);
    const afterUse = await json(await browser.request(`${base}/api/v1/me/session`));
    expect(new Date(afterUse.idleExpiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
  });

  it('logs out here and at the provider (RP-initiated logout): the old cookie then gets 401', async () => {
    const { browser } = await signIn('leder.politi');
    const cookie = browser.cookies.get('psp_session')!;
    const refused = await browser.request(`${base}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example', 'x-psp-csrf': '1' } });
    expect(refused.status).toBe(403);
    expect((await me(browser)).status).toBe(200);
    const res = await browser.request(`${base}/auth/logout`, { method: 'POST', headers: { origin: base, 'x-psp-csrf': '1' } });
    expect(res.status).toBe(200);
    const { redirectTo } = await json(res);
    const end = new URL(redirectTo);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get('client_id')).toBe(DEV_OIDC_CLIENT_ID);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/logget-ud`);
    expect(browser.cookies.has('psp_session')).toBe(false);
    const old = await fetch(`${base}/api/v1/me`, { headers: { cookie: `psp_session=${cookie}` } });
    expect(old.status).toBe(401);
    // The provider's page asks, in Danish, whether to end its own session too.
    expect((await browser.navigate(redirectTo)).text).toContain('Log ud af udviklingslogin?');
  });

  it('refuses a deactivated user’s session and bearer token on every route within 30 s, and lets no one without a PSP user in', async () => {
    const { browser } = await signIn('sagsbehandler.politi');
    const token = await api.tokenFor('sagsbehandler.politi');
    const routes = ['/api/v1/me', '/api/v1/me/tasks', '/api/v1/me/notifications'];
    for (const r of routes) expect((await browser.request(`${base}${r}`)).status).toBe(200);
    // Changed in the database, as another replica's administrator would: this replica learns it from the table.
    await db.dataSource.query(`UPDATE app_user SET active = false WHERE username = 'sagsbehandler.politi'`);
    const started = Date.now();
    let refused = false;
    while (!refused && Date.now() - started < 30_000) {
      const statuses = await Promise.all(routes.flatMap((r) => [browser.request(`${base}${r}`), fetch(`${base}${r}`, { headers: { authorization: `Bearer ${token}` } })]));
      refused = statuses.every((s) => s.status === 401);
      if (!refused) await new Promise((r) => setTimeout(r, 500));
    }
    expect({ refused, withinMs: Date.now() - started < 30_000 }).toEqual({ refused: true, withinMs: true });
    // Signing in again does not help: the person lands on the "no access" page without a session.
    const again = await signIn('sagsbehandler.politi');
    expect(again.landed).toBe(`${base}/ingen-adgang`);
    expect(again.browser.cookies.has('psp_session')).toBe(false);
  });

  it('answers 403 to a valid token of someone with no PSP user', async () => {
    const token = await api.tokenFor('koordinator.pcb');
    await db.dataSource.query(`UPDATE app_user SET username = 'renamed.pcb' WHERE username = 'koordinator.pcb'`);
    const res = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect((await json(res)).message).toMatch(/no PSP user/);
  });
});
