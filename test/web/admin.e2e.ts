import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkPage, openSignedIn } from './support/browser';
import { StackData } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

/** Unique by construction: no other run or test makes the same names. */
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const EGEDAL = 'Egedal Kommune, Socialforvaltningen';
const PCB_FORUM = 'PSP Nordsjælland – Psykiatrisk Center Ballerup';

/** Presses Tab until this element has the focus; fails after 80 presses. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

const userRow = (username: string) => data.one<{ roles: string[]; active: boolean; display_name: string }>(`SELECT roles, active, display_name FROM app_user WHERE username = $1`, [username]);

test('an administrator creates a user in a municipality with the keyboard alone, gives them a role, deactivates and reactivates them', async ({ page }) => {
  const suffix = unique();
  const username = `e2e.admin.${suffix}`;
  const name = `Bodil Bruger ${suffix}`;

  await openSignedIn(page, `${stack.url}/`, 'admin');
  await expect(page).toHaveURL(`${stack.url}/admin/brugere`);
  await expect(page.getByRole('heading', { level: 1, name: 'Brugere' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' }).first();
  for (const item of ['Brugere', 'Myndigheder', 'PSP-fora', 'Beskeder']) await expect(nav.getByRole('link', { name: new RegExp(`^${item}`) })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Sara Sagsbehandler' })).toBeVisible();
  await checkPage(page, 'admin-brugere');

  // Filters: by authority and text, kept in the address.
  await page.getByLabel('Myndighed').selectOption({ label: EGEDAL });
  await page.getByRole('searchbox', { name: 'Søg' }).fill('lene');
  await expect(page.getByRole('row').filter({ hasText: 'Lene Leder' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Sara Sagsbehandler' })).toHaveCount(0);
  await expect(page).toHaveURL(/myndighed=.*tekst=lene/);
  await page.getByRole('searchbox', { name: 'Søg' }).fill('ingen-saadan-bruger');
  await expect(page.getByText('Ingen brugere passer til søgningen.')).toBeVisible();
  await checkPage(page, 'admin-brugere-tom');

  await page.getByRole('link', { name: 'Opret bruger' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Opret bruger' })).toBeVisible();
  await page.getByRole('button', { name: 'Opret brugeren' }).click();
  await expect(page.getByRole('group', { name: 'Ret følgende, før du fortsætter' })).toBeFocused();
  for (const message of ['Skriv brugerens brugernavn.', 'Skriv brugerens navn (2-200 tegn).', 'Skriv en gyldig e-mailadresse', 'Vælg mindst én rolle.']) {
    await expect(page.getByText(message).first()).toBeVisible();
  }
  await expect(page.getByLabel('E-mail')).toHaveAccessibleDescription(/Skriv en gyldig e-mailadresse/);
  await checkPage(page, 'admin-opret-bruger-fejl');

  // The keyboard alone, from the top of the page: a username that is taken first.
  await page.getByRole('heading', { level: 1 }).focus();
  await tabTo(page, page.getByLabel('Brugernavn'));
  await page.keyboard.type('admin');
  await tabTo(page, page.getByLabel('Navn', { exact: true }));
  await page.keyboard.type(name);
  await tabTo(page, page.getByLabel('E-mail'));
  await page.keyboard.type(`${username}@egedal.example`);
  const authority = page.getByLabel('Myndighed');
  await tabTo(page, authority);
  const egedalId = await data.authorityId('kommune-egedal');
  for (let i = 0; i < 30 && (await authority.inputValue()) !== egedalId; i++) await page.keyboard.press('ArrowDown');
  await expect(authority).toHaveValue(egedalId);
  await tabTo(page, page.getByRole('checkbox', { name: 'Sagsbehandler' }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Sagsbehandler' })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Opret brugeren' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Brugernavnet er allerede i brug. Vælg et andet.').first()).toBeVisible();
  // Nothing typed is lost, not even over a reload.
  await expect(page.getByLabel('Navn', { exact: true })).toHaveValue(name);
  await page.reload();
  await expect(page.getByLabel('Navn', { exact: true })).toHaveValue(name);
  await expect(page.getByRole('checkbox', { name: 'Sagsbehandler' })).toBeChecked();
  await tabTo(page, page.getByLabel('Brugernavn'));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(username);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`${name} er oprettet`)).toBeVisible();
  expect(await userRow(username)).toEqual({ roles: ['CASEWORKER'], active: true, display_name: name });
  await checkPage(page, 'admin-bruger');

  // A role more.
  await page.getByRole('checkbox', { name: 'Leder' }).check();
  await page.getByRole('button', { name: 'Gem ændringerne' }).click();
  await expect(page.getByText('Ændringerne er gemt. De gælder med det samme.')).toBeVisible();
  await expect.poll(async () => [...(await userRow(username)).roles].sort()).toEqual(['CASEWORKER', 'SUPERVISOR']);
  await expect(page.getByRole('definition').filter({ hasText: 'Sagsbehandler, Leder' })).toBeVisible();

  // Deactivation asks first and says what it means.
  await page.getByRole('button', { name: 'Deaktivér brugeren' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Deaktivér ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('kan ikke længere logge ind');
  await expect(dialog).toContainText('genaktivere');
  await checkPage(page, 'admin-deaktiver-bruger');
  await dialog.getByRole('button', { name: 'Annullér' }).click();
  await expect(dialog).toBeHidden();
  expect((await userRow(username)).active).toBe(true);
  await page.getByRole('button', { name: 'Deaktivér brugeren' }).click();
  await dialog.getByRole('button', { name: 'Ja, deaktivér brugeren' }).click();
  await expect(page.getByText(`${name} er deaktiveret.`)).toBeVisible();
  await expect.poll(async () => (await userRow(username)).active).toBe(false);
  await checkPage(page, 'admin-bruger-deaktiveret');

  await page.getByRole('button', { name: 'Genaktivér brugeren' }).click();
  await expect(page.getByText(`${name} er genaktiveret og kan logge ind igen.`)).toBeVisible();
  await expect.poll(async () => (await userRow(username)).active).toBe(true);
});

test('an administrator creates an authority and a forum (renamed, deactivated), adds an authority to a forum and removes it, and adds and removes a forum member', async ({ page }) => {
  const suffix = unique();
  const authorityName = `Testby Kommune ${suffix}`;
  const memberName = `Mads Medlem ${suffix}`;
  const member = await data.newUser('kommune-egedal', 'COORDINATOR', memberName);
  const forumId = await data.forumId('psp-pcb');
  const isMember = async () => (await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM forum_member m JOIN app_user u ON u.id = m.user_id WHERE m.forum_id = $1 AND u.username = $2`, [forumId, member])).n;

  await openSignedIn(page, `${stack.url}/admin/myndigheder`, 'admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Myndigheder' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: EGEDAL })).toBeVisible();
  await checkPage(page, 'admin-myndigheder');

  await page.getByRole('link', { name: 'Opret myndighed' }).click();
  await page.getByRole('button', { name: 'Opret myndigheden' }).click();
  for (const message of ['Skriv myndighedens navn (2-200 tegn).', 'Vælg, hvilken type myndighed det er.', 'Skriv myndighedens kode.']) await expect(page.getByText(message).first()).toBeVisible();
  await checkPage(page, 'admin-opret-myndighed-fejl');
  await page.getByLabel('Navn', { exact: true }).fill(authorityName);
  await page.getByRole('radio', { name: 'Kommune' }).check();
  await page.getByLabel('Kode').fill('kommune-egedal');
  await page.getByRole('button', { name: 'Opret myndigheden' }).click();
  await expect(page.getByText('Koden er allerede i brug. Vælg en anden.').first()).toBeVisible();
  await expect(page.getByLabel('Navn', { exact: true })).toHaveValue(authorityName);
  await page.getByLabel('Kode').fill(`kommune-test-${suffix}`);
  await page.getByRole('button', { name: 'Opret myndigheden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: authorityName })).toBeVisible();
  await expect(page.getByText(`${authorityName} er oprettet.`)).toBeVisible();
  await checkPage(page, 'admin-myndighed');

  await page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: 'PSP-fora' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'PSP-fora' })).toBeVisible();
  await checkPage(page, 'admin-fora');

  // A forum of its own (only the new authority is in it, so no other test sees it): created, renamed, deactivated.
  const forumName = `PSP Testby ${suffix}`;
  await page.getByRole('link', { name: 'Opret forum' }).click();
  await page.getByRole('button', { name: 'Opret forummet' }).click();
  for (const message of ['Skriv forummets navn (2-200 tegn).', 'Skriv forummets kode.']) await expect(page.getByText(message).first()).toBeVisible();
  await checkPage(page, 'admin-opret-forum-fejl');
  await page.getByLabel('Navn', { exact: true }).fill(forumName);
  await page.getByLabel('Kode').fill(`psp-test-${suffix}`);
  await page.getByRole('checkbox', { name: authorityName }).check();
  await page.getByRole('button', { name: 'Opret forummet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: forumName })).toBeVisible();
  await expect(page.getByText(`${forumName} er oprettet.`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Myndigheder i forummet' }).getByRole('row').filter({ hasText: authorityName })).toBeVisible();
  await expect(page.getByText('Forummet har ingen medlemmer endnu.')).toBeVisible();
  await page.getByLabel('Navn', { exact: true }).fill(`${forumName} (omdøbt)`);
  await page.getByRole('button', { name: 'Gem navnet' }).click();
  await expect(page.getByText('Navnet er gemt.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `${forumName} (omdøbt)` })).toBeVisible();
  await page.getByRole('button', { name: 'Deaktivér forummet' }).click();
  const forumDialog = page.getByRole('alertdialog', { name: `Deaktivér ${forumName} (omdøbt)?` });
  await expect(forumDialog).toContainText('Medlemmerne kan ikke længere se forummet');
  await checkPage(page, 'admin-deaktiver-forum');
  await forumDialog.getByRole('button', { name: 'Ja, deaktivér forummet' }).click();
  await expect(page.getByText(`${forumName} (omdøbt) er deaktiveret.`)).toBeVisible();
  await expect.poll(async () => (await data.one<{ active: boolean }>(`SELECT active FROM forum WHERE code = $1`, [`psp-test-${suffix}`])).active).toBe(false);
  await page.getByRole('link', { name: 'Tilbage til fora' }).click();
  await page.getByRole('link', { name: PCB_FORUM }).click();
  await expect(page.getByRole('heading', { level: 1, name: PCB_FORUM })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Mødekadence' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Medlemmer af forummet' }).getByRole('row').filter({ hasText: 'Karen Koordinator' })).toBeVisible();
  await checkPage(page, 'admin-forum');

  // A member authority added and removed.
  await page.getByLabel('Tilføj en myndighed').selectOption({ label: authorityName });
  await page.getByRole('button', { name: 'Tilføj myndigheden' }).click();
  await expect(page.getByText(`${authorityName} er tilføjet forummet.`)).toBeVisible();
  const authorities = page.getByRole('table', { name: 'Myndigheder i forummet' });
  await expect(authorities.getByRole('row').filter({ hasText: authorityName })).toBeVisible();
  await authorities.getByRole('button', { name: `Fjern ${authorityName} fra forummet` }).click();
  await expect(page.getByText(`${authorityName} er fjernet fra forummet.`)).toBeVisible();
  await expect(authorities.getByRole('row').filter({ hasText: authorityName })).toHaveCount(0);

  // A member added and removed.
  const choose = page.getByLabel('Tilføj et medlem');
  await page.getByRole('button', { name: 'Tilføj medlemmet' }).click();
  await expect(page.getByText('Vælg først i listen.')).toBeVisible();
  await choose.selectOption(await data.userId(member));
  await page.getByRole('button', { name: 'Tilføj medlemmet' }).click();
  await expect(page.getByText(`${memberName} er nu medlem af forummet.`)).toBeVisible();
  await expect.poll(isMember).toBe(1);
  const members = page.getByRole('table', { name: 'Medlemmer af forummet' });
  await expect(members.getByRole('row').filter({ hasText: memberName })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: memberName })).toBeVisible(); // among the coordinators who set the cadence

  // Egedal has a member now: the authority cannot leave the forum, and the page says why.
  await authorities.getByRole('button', { name: `Fjern ${EGEDAL} fra forummet` }).click();
  await expect(page.getByText(/Myndigheden kan ikke fjernes, fordi nogle af dens medarbejdere er medlemmer af forummet/)).toBeVisible();
  await checkPage(page, 'admin-forum-konflikt');

  await members.getByRole('button', { name: `Fjern ${memberName} fra forummet` }).click();
  await expect(page.getByText(`${memberName} er ikke længere medlem af forummet.`)).toBeVisible();
  await expect.poll(isMember).toBe(0);
  await expect(members.getByRole('row').filter({ hasText: memberName })).toHaveCount(0);

  // The new authority is deactivated again, after a confirmation that says what it means.
  await page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: 'Myndigheder' }).click();
  await page.getByRole('link', { name: authorityName, exact: true }).click();
  await page.getByRole('button', { name: 'Deaktivér myndigheden' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Deaktivér ${authorityName}?` });
  await expect(dialog).toContainText('Det lukker ikke for myndighedens brugere');
  await checkPage(page, 'admin-deaktiver-myndighed');
  await dialog.getByRole('button', { name: 'Ja, deaktivér myndigheden' }).click();
  await expect(page.getByText(`${authorityName} er deaktiveret.`)).toBeVisible();
  await expect.poll(async () => (await data.one<{ active: boolean }>(`SELECT active FROM authority WHERE code = $1`, [`kommune-test-${suffix}`])).active).toBe(false);
});

test('other roles see no administration, and the api refuses them', async ({ page }) => {
  await openSignedIn(page, `${stack.url}/admin/brugere`, 'sagsbehandler.egedal');
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' }).first();
  await expect(nav.getByRole('link', { name: 'Mine opgaver' })).toBeVisible();
  for (const item of ['Brugere', 'Myndigheder', 'PSP-fora']) await expect(nav.getByRole('link', { name: item })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Du har ikke adgang til administrationen' })).toBeVisible();
  await expect(page.getByText('Du har ikke adgang til dette.')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Opret bruger' })).toHaveCount(0);
  await checkPage(page, 'admin-ingen-adgang');
  await page.goto(`${stack.url}/admin/fora/${await data.forumId('psp-pcb')}`);
  await expect(page.getByRole('heading', { name: 'Du har ikke adgang til administrationen' })).toBeVisible();
});
