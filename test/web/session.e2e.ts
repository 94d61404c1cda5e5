import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { checkPage, openSignedIn, signInOnDevLogin } from './support/browser';
import { StackData } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

test('warns before the idle timeout, keeps the session on request, ends it when idle, and keeps what was typed', async ({ page }) => {
  await openSignedIn(page, `${stack.url}/indstil`, 'sagsbehandler.hilleroed');
  await page.getByLabel('Borgerens navn').fill('Tekst Der Ikke Må Gå Tabt');
  const cookie = (await page.context().cookies(stack.url)).find((c) => c.name === 'psp_session')!.value;
  // Idle for 29 minutes: the session has a minute left (time passes in the database).
  await data.setSessionIdle(cookie, 61);
  await page.reload();
  const warning = page.getByRole('alertdialog', { name: 'Du bliver snart logget ud' });
  await expect(warning).toBeVisible({ timeout: 30_000 });
  await expect(warning.getByRole('button', { name: 'Forbliv logget ind' })).toBeFocused();
  await checkPage(page, 'session-advarsel');
  // The checks took a while: the person answers within the minute the page gave them.
  await data.setSessionIdle(cookie, 61);
  await warning.getByRole('button', { name: 'Forbliv logget ind' }).click();
  await expect(warning).toBeHidden();
  expect(await data.sessionIdleLeft(cookie)).toBeGreaterThan(29 * 60);
  await expect(page.getByLabel('Borgerens navn')).toHaveValue('Tekst Der Ikke Må Gå Tabt');

  // Now idle past the timeout: the next thing the person does finds the session gone.
  await data.setSessionIdle(cookie, -1);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: /Mine opgaver/ }).click();
  const ended = page.getByRole('alertdialog', { name: 'Du er blevet logget ud' });
  await expect(ended).toBeVisible();
  await checkPage(page, 'session-udloebet');
  expect((await fetch(`${stack.url}/api/v1/me`, { headers: { cookie: `psp_session=${cookie}` } })).status).toBe(401);
  // Signing in again returns to the page, with the text typed before. (The provider still has its own
  // session for this browser, so the person comes straight back without typing a password.)
  await ended.getByRole('button', { name: 'Log ind igen' }).click();
  await expect(page).toHaveURL(`${stack.url}/opgaver`);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: 'Indstil en borger' }).click();
  await expect(page.getByLabel('Borgerens navn')).toHaveValue('Tekst Der Ikke Må Gå Tabt');
  expect((await fetch(`${stack.url}/api/v1/me`, { headers: { cookie: `psp_session=${(await page.context().cookies(stack.url)).find((c) => c.name === 'psp_session')!.value}` } })).status).toBe(200);
});

test('logging out ends the session here and at the provider; the old cookie then gets 401', async ({ page }) => {
  await openSignedIn(page, `${stack.url}/`, 'leder.pch');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'psp_session')!.value;
  await page.getByRole('button', { name: 'Log ud' }).first().click();
  await expect(page.getByRole('heading', { name: 'Log ud af udviklingslogin?' })).toBeVisible();
  await page.getByRole('button', { name: 'Ja, log ud' }).click();
  await expect(page).toHaveURL(`${stack.url}/logget-ud`);
  await expect(page.getByRole('heading', { name: 'Du er logget ud' })).toBeVisible();
  await checkPage(page, 'logget-ud');
  expect((await fetch(`${stack.url}/api/v1/me`, { headers: { cookie: `psp_session=${cookie}` } })).status).toBe(401);
  expect((await page.context().cookies()).some((c) => c.name === 'psp_session')).toBe(false);
});

test('a deactivated user is out within 30 s, and signing in again shows the Danish no-access page', async ({ page }) => {
  const caseworker = await data.newUser('pch', 'CASEWORKER', 'Dorte Deaktiveret');
  await openSignedIn(page, `${stack.url}/`, caseworker);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'psp_session')!.value;
  // Deactivated in the table (as another replica's administrator would): this api learns it from the table.
  await data.pool.query(`UPDATE app_user SET active = false WHERE username = $1`, [caseworker]);
  const started = Date.now();
  await expect.poll(async () => (await fetch(`${stack.url}/api/v1/me/tasks`, { headers: { cookie: `psp_session=${cookie}` } })).status, { timeout: 30_000, intervals: [500] }).toBe(401);
  expect(Date.now() - started).toBeLessThan(30_000);
  await page.context().clearCookies();
  await page.goto(`${stack.url}/`);
  await signInOnDevLogin(page, caseworker);
  await expect(page).toHaveURL(`${stack.url}/ingen-adgang`);
  await expect(page.getByRole('heading', { name: 'Du har ikke adgang til PSP Koordinering' })).toBeVisible();
  await expect(page.getByText(/Bed din PSP-administrator om at oprette dig som bruger/)).toBeVisible();
  await checkPage(page, 'ingen-adgang');
});

test('a cross-site POST is refused: the browser does not send the cookie (SameSite), and a forged one with it gets 403', async ({ page }) => {
  await openSignedIn(page, `${stack.url}/`, 'sagsbehandler.egedal');
  const forumId = await data.forumId('psp-pcb');
  const before = (await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM fokusperson`)).n;
  // A page on another site (127.0.0.1 is not the same site as localhost) that posts a form to the api.
  const evil: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><body><form id="f" method="post" action="${stack.url}/api/v1/fokuspersoner" enctype="text/plain">
<input name='{"forumId":"${forumId}","name":"X","cpr":"010190-4000","x":"' value='"}'></form><script>document.getElementById('f').submit()</script></body></html>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  try {
    const response = page.waitForResponse((r) => r.url().startsWith(`${stack.url}/api/v1/fokuspersoner`));
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    expect((await response).status()).toBe(401); // no session cookie came along
  } finally {
    evil.close();
  }
  const cookie = (await page.context().cookies(stack.url)).find((c) => c.name === 'psp_session')!.value;
  const forged = await fetch(`${stack.url}/api/v1/fokuspersoner`, {
    method: 'POST',
    headers: { cookie: `psp_session=${cookie}`, origin: 'http://127.0.0.1:9', 'content-type': 'application/json', 'x-psp-csrf': '1' },
    body: JSON.stringify({ forumId }),
  });
  expect(forged.status).toBe(403);
  expect((await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM fokusperson`)).n).toBe(before);
});
