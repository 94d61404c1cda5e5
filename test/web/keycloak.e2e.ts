import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../tools/src/processes';
import { ensureKeycloak, KEYCLOAK_CLIENT_ID, KEYCLOAK_DEMO_PASSWORD, KEYCLOAK_DEV_CLIENT_SECRET, keycloakRealmFile, startKeycloak, type KeycloakServer } from '../../tools/src/keycloak';
import { startStack, type Stack } from './support/stack';

/**
 * The very same sign-in against a real identity provider: Keycloak (from Maven Central's
 * distribution, on the installed JDK) with the realm export the project ships, and the whole system
 * started with OIDC_ISSUER_URL pointing at it instead of the development provider.
 */
let keycloak: KeycloakServer;
let stack: Stack;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  keycloak = await startKeycloak({ home: ensureKeycloak(), port: await freePort({ from: 20_000, to: 30_000 }), realmFile: keycloakRealmFile(), dataDir: mkdtempSync(join(tmpdir(), 'psp-keycloak-')) });
  stack = await startStack({
    OIDC_ISSUER_URL: keycloak.issuer,
    OIDC_CLIENT_ID: KEYCLOAK_CLIENT_ID,
    OIDC_CLIENT_SECRET: KEYCLOAK_DEV_CLIENT_SECRET,
    OIDC_ALLOW_INSECURE_HTTP: 'true',
  });
});

test.afterAll(async () => {
  await stack?.stop();
  await keycloak?.stop();
});

test('a caseworker signs in through Keycloak’s login form and reaches "Mine opgaver"; logging out ends the session', async ({ page }) => {
  expect(stack.output()).toContain(`Sign in      OIDC_ISSUER_URL (${keycloak.issuer})`);
  await page.goto(`${stack.url}/opgaver`);
  await expect(page).toHaveURL(new RegExp(`^${keycloak.issuer}/protocol/openid-connect/auth\\?.*code_challenge_method=S256`));
  await page.getByLabel('Brugernavn', { exact: false }).first().fill('sagsbehandler.egedal');
  await page.getByLabel('Adgangskode', { exact: true }).fill(KEYCLOAK_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(`${stack.url}/opgaver`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgaver' })).toBeVisible();
  await expect(page.getByText('Sara Sagsbehandler').first()).toBeVisible();
  const cookie = (await page.context().cookies(stack.url)).find((c) => c.name === 'psp_session');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');

  await page.getByRole('button', { name: 'Log ud' }).first().click();
  await expect(page).toHaveURL(new RegExp(`^${keycloak.issuer}/protocol/openid-connect/logout`));
  await page.locator('#kc-logout').click();
  await expect(page).toHaveURL(`${stack.url}/logget-ud`);
  expect((await fetch(`${stack.url}/api/v1/me`, { headers: { cookie: `psp_session=${cookie!.value}` } })).status).toBe(401);
});
