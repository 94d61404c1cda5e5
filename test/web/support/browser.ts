import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { DEV_PASSWORD } from '../../../tools/src/dev-oidc-provider';

const RESULTS = join(__dirname, '..', '..', '..', 'test-results');

/** Signs in through the development provider's login page, as a person does (the page is already at the login form or will be redirected there). */
export async function signInOnDevLogin(page: Page, username: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Log ind på PSP Koordinering' })).toBeVisible();
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(DEV_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** Opens a page of the web app and signs in on the way (a fresh browser context has no session). */
export async function openSignedIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await signInOnDevLogin(page, username);
  await expect(page.getByRole('navigation', { name: 'Hovedmenu' }).first()).toBeVisible();
}

/**
 * The page has no WCAG 2.1 A/AA violation (axe), at its current width; the figures go to
 * test-results/axe.jsonl for the run's record.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  mkdirSync(RESULTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  appendFileSync(join(RESULTS, 'axe.jsonl'), `${JSON.stringify({ page: name, width, violations: result.violations.length, passes: result.passes.length })}\n`);
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
}

/** Screenshots of the page at 1280 and 390 px, kept as the run's artifacts; axe at both widths; nothing cut off sideways at 390 px. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const dir = join(RESULTS, 'screens');
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, name);
  await page.screenshot({ path: join(dir, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, name);
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect({ page: name, horizontalOverflowPx: overflow }).toEqual({ page: name, horizontalOverflowPx: 0 });
  await page.screenshot({ path: join(dir, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Clicks the link and returns the file it downloads: its suggested name and its bytes. */
export async function download(page: Page, linkName: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  return { name: file.suggestedFilename(), body: readFileSync((await file.path())!) };
}
