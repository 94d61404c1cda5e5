import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { checkPage, openSignedIn, signInOnDevLogin } from './support/browser';
import { StackData } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

/** The e-mail (from the local SMTP sink's files) whose text links to this path; quoted-printable decoded. */
function mailLinking(path: string): string | undefined {
  const dir = join(stack.dataDir, 'mail');
  for (const file of readdirSync(dir)) {
    const raw = readFileSync(join(dir, file), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const link = new RegExp(`https?://[^\\s"<>]*${path}`).exec(raw)?.[0];
    if (link) return link;
  }
  return undefined;
}

test('a caseworker signs in, sees the step agreed at a meeting, acknowledges and completes it', async ({ page }) => {
  const name = `Bo Borgersen ${Date.now()}`;
  const { stepIds } = await data.acceptedWithSteps(name, [{ description: 'Afklare boligsituationen', owner: 'kommune-egedal', assignee: 'sagsbehandler.egedal' }]);
  const [stepId] = stepIds;

  await openSignedIn(page, `${stack.url}/`, 'sagsbehandler.egedal');
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgaver' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Afklare boligsituationen');
  await checkPage(page, 'mine-opgaver');

  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(`${stack.url}/opgaver/${stepId}`);
  await expect(page.getByRole('heading', { name: 'Hvad er aftalt' })).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Genoptag' })).toHaveCount(0); // only what the state allows
  // The next reminder is there from the start (computed from the step and its settings).
  await expect(page.getByText(/påmindelse om at kvittere/)).toBeVisible();
  await checkPage(page, 'opgave');

  await page.getByRole('button', { name: 'Kvittér' }).click();
  await expect(page.getByText('Du har kvitteret for opgaven.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kvittér' })).toHaveCount(0);
  // Acknowledged: the next is a reminder of the due date (14 days ahead, 5 business days before).
  await expect(page.getByText(/påmindelse om fristen/)).toBeVisible();
  await expect(page.getByText(/påmindelse om at kvittere/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Afslut med resultat' }).click();
  await page.getByLabel('Hvad blev gjort, og hvad blev resultatet?').fill('Borgeren har fået anvist en bolig.');
  await page.getByRole('button', { name: 'Afslut opgaven' }).click();
  await expect(page.getByText('Opgaven er afsluttet med dit resultat.')).toBeVisible();
  await expect.poll(async () => (await data.one<{ status: string }>(`SELECT status FROM step WHERE id = $1`, [stepId])).status).toBe('DONE');
});

test('a refused action (409) is explained in Danish and the page shows the current state', async ({ page }) => {
  const { stepIds } = await data.acceptedWithSteps(`Ea Eriksen ${Date.now()}`, [{ description: 'Kontakte egen læge', owner: 'kommune-egedal', assignee: 'sagsbehandler.egedal' }]);
  await openSignedIn(page, `${stack.url}/opgaver/${stepIds[0]}`, 'sagsbehandler.egedal');
  await expect(page.getByRole('button', { name: 'Kvittér' })).toBeVisible();
  // Meanwhile the step is acknowledged elsewhere (another tab, a colleague's script).
  await data.call('sagsbehandler.egedal', 'POST', `/api/v1/steps/${stepIds[0]}/acknowledge`);
  await page.getByRole('button', { name: 'Kvittér' }).click();
  await expect(page.getByText(/Det kan ikke lade sig gøre, fordi opgaven er ændret i mellemtiden/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kvittér' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
});

test('the assignment e-mail’s link lands on that step after sign-in', async ({ page }) => {
  const { stepIds } = await data.acceptedWithSteps(`Ib Iversen ${Date.now()}`, [{ description: 'Tilbyde samtale', owner: 'kommune-egedal', assignee: 'sagsbehandler.egedal' }]);
  const path = `/opgaver/${stepIds[0]}`;
  await expect.poll(() => mailLinking(path), { timeout: 60_000 }).toBeTruthy();
  const link = mailLinking(path)!;
  expect(link).toBe(`${stack.url}${path}`);
  await page.goto(link);
  await signInOnDevLogin(page, 'sagsbehandler.egedal');
  await expect(page).toHaveURL(`${stack.url}${path}`);
  await expect(page.getByText('Tilbyde samtale').first()).toBeVisible();
});

test('the inbox lists the notices with an unread count; marking one read lowers it; each links to its page', async ({ page }) => {
  const caseworker = await data.newUser('politi-nordsjaelland', 'CASEWORKER', 'Ida Indbakke');
  const { stepIds } = await data.acceptedWithSteps(`Ulla Ulriksen ${Date.now()}`, [{ description: 'Følge op på bevilling', owner: 'politi-nordsjaelland', assignee: caseworker }]);
  await expect.poll(async () => (await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE link LIKE $1`, [`%${stepIds[0]}`])).n, { timeout: 60_000 }).toBe(1);
  await openSignedIn(page, `${stack.url}/beskeder`, caseworker);
  await expect(page.getByRole('heading', { level: 1, name: 'Beskeder' })).toBeVisible();
  const unread = async () => (await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.recipient_user_id WHERE u.username = $1 AND read_at IS NULL`, [caseworker])).n;
  const before = await unread();
  await expect(page.getByRole('link', { name: new RegExp(`Beskeder.*${before} ulæst`) }).first()).toBeVisible();
  await checkPage(page, 'beskeder');
  const notice = page.getByRole('listitem').filter({ has: page.locator(`a[href$="${stepIds[0]}"]`) });
  await notice.getByRole('button', { name: /Markér som læst/ }).click();
  await expect.poll(unread).toBe(before - 1);
  const inboxLink = page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: /^Beskeder/ });
  if (before - 1 === 0) await expect(inboxLink).toHaveAccessibleName('Beskeder'); // no count when nothing is unread
  else await expect(inboxLink).toHaveAccessibleName(new RegExp(`${before - 1} ulæst`));
  await notice.locator(`a[href$="${stepIds[0]}"]`).click();
  await expect(page).toHaveURL(`${stack.url}/opgaver/${stepIds[0]}`);
});

test('a caseworker nominates a citizen: every validation message at its field, then a confirmation', async ({ page }) => {
  await openSignedIn(page, `${stack.url}/indstil`, 'sagsbehandler.hilleroed');
  await expect(page.getByRole('heading', { level: 1, name: 'Indstil en borger' })).toBeVisible();
  await page.getByRole('button', { name: 'Send indstillingen' }).click();
  // Hillerød is a member of one forum only: it is chosen already.
  await expect(page.getByLabel('PSP-forum')).toHaveValue(await data.forumId('psp-pch'));
  for (const message of ['Skriv borgerens CPR-nummer.', 'Skriv borgerens navn (2-200 tegn).', 'Vælg mindst én udfordring.', 'Vælg mindst én myndighed.', 'Beskriv, hvorfor borgeren skal drøftes (mindst 10 tegn).']) {
    await expect(page.getByText(message).first()).toBeVisible();
  }
  await expect(page.getByLabel('CPR-nummer')).toHaveAccessibleDescription(/Skriv borgerens CPR-nummer/);
  await checkPage(page, 'indstil-fejl');
  await page.getByLabel('CPR-nummer').fill(await data.cpr());
  const name = `Nina Nielsen ${Date.now()}`;
  await page.getByLabel('Borgerens navn').fill(name);
  await page.getByLabel('Misbrug').check();
  await page.getByLabel('Politiet').check();
  await page.getByLabel('Hvorfor skal borgeren drøftes i PSP?').fill('Mange henvendelser til vagtcentralen og akutmodtagelsen.');
  await page.getByRole('button', { name: 'Send indstillingen' }).click();
  await expect(page.getByRole('heading', { name: 'Indstillingen er sendt' })).toBeVisible();
  await expect(page.getByText(`Du har indstillet ${name}`)).toBeVisible();
  await checkPage(page, 'indstil-sendt');
});

test('everything a caseworker does works with the keyboard alone', async ({ page }) => {
  const name = `Kaj Kjeldsen ${Date.now()}`;
  const { stepIds } = await data.acceptedWithSteps(name, [{ description: 'Ringe til borgeren', owner: 'kommune-egedal', assignee: 'sagsbehandler.egedal' }]);
  await openSignedIn(page, `${stack.url}/opgaver`, 'sagsbehandler.egedal');
  /** Presses Tab until this element has the focus; fails after 60 presses. */
  const tabTo = async (target: Locator) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) return;
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  };
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Gå til indhold' })).toBeFocused();
  await tabTo(page.getByRole('link', { name: 'Ringe til borgeren' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${stack.url}/opgaver/${stepIds[0]}`);
  await tabTo(page.getByRole('button', { name: 'Kvittér' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Du har kvitteret for opgaven.')).toBeVisible();
  await tabTo(page.getByRole('button', { name: 'Blokér', exact: true }));
  await page.keyboard.press('Enter');
  const reason = page.getByRole('radio', { name: /Afventer anden myndighed/ });
  await tabTo(page.getByRole('radio').first());
  while (!(await reason.evaluate((el) => el === el.ownerDocument.activeElement))) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(reason).toBeChecked();
  await tabTo(page.getByLabel('Forklaring'));
  await page.keyboard.type('Afventer svar fra psykiatrien.');
  await tabTo(page.getByRole('button', { name: 'Blokér opgaven' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Opgaven er blokeret. Din leder og koordinatoren kan se årsagen.')).toBeVisible();
  await expect.poll(async () => (await data.one<{ status: string }>(`SELECT status FROM step WHERE id = $1`, [stepIds[0]])).status).toBe('BLOCKED');
});
