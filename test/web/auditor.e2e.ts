import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pdfTextOf } from '../support/pdf';
import { checkPage, openSignedIn } from './support/browser';
import { StackData } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

/** A person of this test alone: nominated by a coordinator and read once (two uses in the log). */
async function nominatedPerson(name: string): Promise<string> {
  const person = await data.call<{ id: string }>('koordinator.politi', 'POST', '/api/v1/fokuspersoner', {
    forumId: await data.forumId('psp-pcb'),
    cpr: await data.cpr(),
    name,
    criteria: { challenges: ['PSYCHIATRIC_DIAGNOSIS'], frequentContactWith: ['POLICE'], reason: 'Gentagne henvendelser til politiet' },
  });
  await data.call('koordinator.politi', 'GET', `/api/v1/fokuspersoner/${person.id}`);
  return person.id;
}

/** How many rows of the auditor's own use of the person the log holds, of one action (and resource type). */
const loggedUse = (action: string, personId: string, resourceType = '%') =>
  data
    .one<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_log WHERE actor_username = 'revisor' AND action = $1 AND fokusperson_id = $2 AND resource_type LIKE $3`,
      [action, personId, resourceType],
    )
    .then((r) => r.n);

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; content: Buffer }> {
  const download = page.waitForEvent('download');
  await click();
  const file = await download;
  const path = await file.path();
  return { name: file.suggestedFilename(), content: readFileSync(path) };
}

test('an auditor searches the log for a person, exports the search, verifies the chain and downloads the citizen’s letter', async ({ page }) => {
  const personId = await nominatedPerson(`Astrid Adgang ${Date.now()}`);

  await openSignedIn(page, `${stack.url}/`, 'revisor');
  await expect(page.getByRole('heading', { level: 1, name: 'Adgangslog' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Resultat' })).toBeVisible();
  await checkPage(page, 'adgangslog');

  // A mistyped id is caught at its field, in Danish, before anything is sent.
  const personField = page.getByLabel('Fokusperson-id');
  await personField.fill('12345');
  await personField.press('Enter');
  await expect(page.getByRole('group', { name: 'Ret følgende, før du fortsætter' })).toBeFocused();
  await expect(page.locator('#log-person-error')).toContainText('36 tegn');
  await checkPage(page, 'adgangslog-fejl');

  // Keyboard only: type the id, submit with Enter.
  const searchesBefore = await loggedUse('SEARCH', personId);
  await personField.fill(personId);
  await personField.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Viser 1–2 af 2 hændelser' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Resultat' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('Læst');
  await expect(rows.nth(2)).toContainText('Oprettet');
  await expect(rows.nth(2)).toContainText('koordinator.politi');
  await expect(rows.nth(2)).toContainText('Nordsjællands Politi');
  await expect.poll(() => loggedUse('SEARCH', personId)).toBe(searchesBefore + 1);
  await checkPage(page, 'adgangslog-soegning');

  const csv = await downloaded(page, () => page.getByRole('link', { name: 'Hent søgningen som CSV' }).click());
  expect(csv.name).toBe('access-log.csv');
  const lines = csv.content.toString('utf8').trim().split('\r\n');
  // The export runs the search anew: the auditor's own search of the person is in it too, newest first.
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^seq,id,occurredAt,/);
  expect(lines.slice(1).every((l) => l.includes(personId))).toBe(true);
  expect(lines.slice(1).map((l) => l.split(',')[7])).toEqual(['"SEARCH"', '"READ"', '"CREATE"']);
  await expect.poll(() => loggedUse('EXPORT', personId, 'AccessLog')).toBe(1);

  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kædeverifikation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kædeverifikation' })).toBeVisible();
  const verifyNow = page.getByRole('button', { name: 'Verificér nu' });
  await verifyNow.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Kæden er intakt' })).toBeVisible();
  await expect(page.getByText('Rækker kontrolleret')).toBeVisible();
  await checkPage(page, 'kaedeverifikation');

  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Borgerens indsigt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Borgerens indsigt' })).toBeVisible();
  await checkPage(page, 'borgerens-indsigt-tom');
  await page.getByLabel('Fokusperson-id').fill(personId);
  await page.getByRole('button', { name: 'Vis indsigt' }).click();
  const report = page.getByRole('table', { name: 'Brug af oplysningerne' });
  await expect(report).toBeVisible();
  await expect(report.getByRole('row').filter({ hasText: 'Oprettet' })).toContainText('Nordsjællands Politi');
  await expect(report.getByRole('row').filter({ hasText: 'Den dataansvarliges kontrol' }).first()).toContainText('Kontrol af adgangsloggen');
  await expect(report).not.toContainText('koordinator.politi');
  await checkPage(page, 'borgerens-indsigt');

  const letter = await downloaded(page, () => page.getByRole('link', { name: 'Hent brev til borgeren (PDF)' }).click());
  expect(letter.name).toBe('indsigt.pdf');
  const { text } = await pdfTextOf(letter.content);
  expect(text).toContain('Svar på din anmodning om indsigt');
  expect(text).toContain('Nordsjællands Politi – oplysningerne blev registreret');
  expect(text).not.toMatch(/koordinator|revisor|Rikke|Astrid|efterforskning/i);
  await expect.poll(() => loggedUse('EXPORT', personId, 'AccessReport')).toBe(1);
});

test('an auditor finds a person in one use of several persons (a list shown), behind the number of persons it names', async ({ page }) => {
  const stamp = Date.now();
  const first = await nominatedPerson(`Liv Liste ${stamp}`);
  const second = await nominatedPerson(`Lars Liste ${stamp}`);
  // The coordinator's list of the forum's newest two: one use, naming both.
  await data.call('koordinator.politi', 'GET', `/api/v1/fokuspersoner?forumId=${await data.forumId('psp-pcb')}&limit=2`);

  await openSignedIn(page, `${stack.url}/`, 'revisor');
  const personField = page.getByLabel('Fokusperson-id');
  await personField.fill(first);
  await personField.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Viser 1–3 af 3 hændelser' })).toBeVisible();
  const listed = page.getByRole('table', { name: 'Resultat' }).getByRole('row').nth(1);
  await expect(listed).toContainText('Søgning');
  await expect(listed.getByRole('link')).toHaveCount(0);
  // Keyboard only: the count opens the list of persons, each a link to their access report.
  await listed.getByText('2 fokuspersoner').focus();
  await page.keyboard.press('Enter');
  await expect(listed.getByRole('link', { name: first })).toHaveAttribute('href', `/adgangslog/indsigt/${first}`);
  await expect(listed.getByRole('link', { name: second })).toBeVisible();
  await checkPage(page, 'adgangslog-flere-personer');
});

test('an auditor sees a broken chain’s first broken row, and api errors in Danish', async ({ page }) => {
  // What the browser shows for answers this shared stack must not give for real (its log stays whole).
  const broken = { verifiedAt: new Date().toISOString(), ok: false, rows: 1234, chain: 3, brokenSeq: 812, brokenId: '5f0c2a7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f', reason: 'hash mismatch' };
  await page.route('**/api/v1/audit/verifications', (route) => route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify(broken) }));
  await openSignedIn(page, `${stack.url}/adgangslog/kaede`, 'revisor');
  await page.getByRole('button', { name: 'Verificér nu' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Kæden er brudt' });
  await expect(alert).toContainText('Nr. 812 (id 5f0c2a7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f)');
  await expect(alert).toContainText('hash mismatch');
  await checkPage(page, 'kaedeverifikation-brudt');

  await page.route('**/api/v1/audit/verifications/latest', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"statusCode":503,"message":"down"}' }));
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'Den seneste verifikation kunne ikke hentes' })).toBeVisible({ timeout: 30_000 });
  await checkPage(page, 'kaedeverifikation-fejl');
});
