import { addBusinessDays, copenhagenInstant } from '@psp/domain';
import { expect, test, type Page } from '@playwright/test';
import { pdfTextOf } from '../support/pdf';
import { checkPage, download, openSignedIn } from './support/browser';
import { StackData, today, unique } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

const NOMINATOR = 'sagsbehandler.egedal';
const OTHER_CASEWORKER = 'sagsbehandler.politi';
const SUPERVISOR = 'leder.politi';
const AUDITOR = 'revisor';

/**
 * A forum of this test alone (police, Egedal, PCB) with a new coordinator as its only member and
 * its next meeting three business days ahead (a closer one leaves no preparation window), so
 * nothing another test does shows on its overview or its case list.
 */
async function forumWithNextMeeting(suffix: string) {
  const authorityIds = await Promise.all(['politi-nordsjaelland', 'kommune-egedal', 'pcb'].map((c) => data.authorityId(c)));
  const forum = await data.call<{ id: string; name: string }>('admin', 'POST', '/api/v1/admin/fora', { code: `e2e-cycle-${suffix}`, name: `PSP Forløb ${suffix}`, authorityIds });
  const coordinator = await data.newUser('politi-nordsjaelland', 'COORDINATOR', `Kim Koordinator ${suffix}`);
  await data.call('admin', 'PUT', `/api/v1/admin/fora/${forum.id}/members/${await data.userId(coordinator)}`);
  const startsAt = copenhagenInstant(addBusinessDays(today(), 3), 13).toISOString();
  const meeting = await data.call<{ id: string }>(coordinator, 'POST', `/api/v1/forums/${forum.id}/meetings`, { startsAt, location: `Rådhuset, lokale ${suffix}` });
  return { forum, coordinator, meetingId: meeting.id };
}

const authorityName = async (code: string) => (await data.one<{ name: string }>(`SELECT name FROM authority WHERE code = $1`, [code])).name;
const displayName = async (username: string) => (await data.one<{ display_name: string }>(`SELECT display_name FROM app_user WHERE username = $1`, [username])).display_name;

/** The caseworker's own step of this person on "Mine opgaver" (the start page of a caseworker). */
async function openMyStep(page: Page, username: string, person: string, description: string, screen: string) {
  await openSignedIn(page, `${stack.url}/`, username);
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgaver' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: person });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(description);
  await checkPage(page, screen);
  return row;
}

/** The access log searched for this person and, narrowed, by one user or one action. */
async function searchLog(page: Page, personId: string, by: { actor?: string; action?: string }) {
  await page.getByLabel('Fokusperson-id').fill(personId);
  await page.getByLabel('Brugernavn').fill(by.actor ?? '');
  await page.getByLabel('Handling').selectOption({ label: by.action ?? 'Alle' });
  await page.getByRole('button', { name: 'Søg', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Viser 1–\d+ af \d+ hændelser/ })).toBeVisible();
  return page.getByRole('table', { name: 'Resultat' }).getByRole('row');
}

test('the whole PSP cycle: nomination, CPR revealed, case list, meeting and minutes, steps done and overdue, the access log and the citizen’s report', async ({ browser }) => {
  const suffix = unique();
  const { forum, coordinator, meetingId } = await forumWithNextMeeting(suffix);
  const name = `Freja Forløb ${suffix}`;
  const [politi, egedal] = [await authorityName('politi-nordsjaelland'), await authorityName('kommune-egedal')];
  const staff = [coordinator, NOMINATOR, OTHER_CASEWORKER, SUPERVISOR, AUDITOR];
  for (const u of [...staff]) staff.push(await displayName(u));
  // Each person works in a browser of their own (a fresh context: no session, signs in).
  const as = async () => (await browser.newContext()).newPage();

  // 1. A caseworker of Egedal nominates a citizen to the forum.
  const caseworker = await as();
  await openSignedIn(caseworker, `${stack.url}/indstil`, NOMINATOR);
  await expect(caseworker.getByRole('heading', { level: 1, name: 'Indstil en borger' })).toBeVisible();
  await caseworker.getByLabel('PSP-forum').selectOption({ label: forum.name });
  await caseworker.getByLabel('CPR-nummer').fill(await data.cpr());
  await caseworker.getByLabel('Borgerens navn').fill(name);
  await caseworker.getByLabel('Misbrug').check();
  await caseworker.getByLabel('Politiet').check();
  await caseworker.getByLabel('Hvorfor skal borgeren drøftes i PSP?').fill(`Gentagne henvendelser til politi og kommune ${suffix}`);
  await checkPage(caseworker, 'forloeb-indstil');
  await caseworker.getByRole('button', { name: 'Send indstillingen' }).click();
  await expect(caseworker.getByRole('heading', { name: 'Indstillingen er sendt' })).toBeVisible();
  await expect(caseworker.getByText(`Du har indstillet ${name} til ${forum.name}.`)).toBeVisible();
  await checkPage(caseworker, 'forloeb-indstil-sendt');
  await caseworker.context().close();

  // 2. The forum's coordinator finds the nomination on the overview, opens the person and reveals the CPR number with a reason.
  const page = await as();
  await openSignedIn(page, `${stack.url}/`, coordinator);
  await expect(page).toHaveURL(`${stack.url}/fora/${forum.id}`);
  await expect(page.getByRole('heading', { level: 1, name: forum.name })).toBeVisible();
  const nominations = page.getByRole('region', { name: 'Indstillinger, der venter på en beslutning' });
  await expect(nominations.getByRole('row', { name: new RegExp(name) })).toContainText(egedal);
  await checkPage(page, 'forloeb-forum');
  await nominations.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/personer/[0-9a-f-]{36}$`));
  const personId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Indstillet', { exact: true })).toBeVisible();
  await expect(page.getByText(/^\d{6}-XXXX$/)).toBeVisible();
  await page.getByRole('button', { name: 'Vis CPR' }).click();
  const dialog = page.getByRole('dialog', { name: 'Vis hele CPR-nummeret' });
  const justification = `Skal finde borgeren i politiets system ${suffix}`;
  await dialog.getByLabel('Hvorfor skal du se hele CPR-nummeret?').fill(justification);
  await dialog.getByRole('button', { name: 'Vis CPR-nummeret' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^\d{6}-\d{4}$/)).toBeVisible();
  await checkPage(page, 'forloeb-person-cpr');
  await page.getByRole('button', { name: 'Skjul CPR-nummeret' }).click();
  await expect(page.getByText(/^\d{6}-XXXX$/)).toBeVisible();

  // 3. The next meeting: the new nomination is on its case list; the coordinator locks it and downloads the invite and the agenda.
  await page.getByRole('link', { name: 'Tilbage til forummet' }).click();
  const next = page.getByRole('region', { name: 'Næste møde' });
  await expect(next).toContainText(`Rådhuset, lokale ${suffix}`);
  await next.getByRole('link', { name: 'Gå til mødet' }).click();
  await expect(page).toHaveURL(`${stack.url}/moeder/${meetingId}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Møde i ${forum.name}`) })).toBeVisible();
  const list = page.getByRole('list', { name: 'Sagsliste' });
  await expect(list.locator(':scope > li')).toHaveCount(1);
  await expect(list.locator(':scope > li').filter({ hasText: name })).toContainText('Ny indstilling');
  await expect(list.getByRole('link', { name })).toHaveAttribute('href', `/personer/${personId}`);
  // The meeting's facts count what the list shows (the list's read brought the stored list up to date).
  expect(await page.locator('dt', { hasText: 'Sager på dagsordenen' }).locator('xpath=following-sibling::dd[1]').textContent()).toBe('1');
  await checkPage(page, 'forloeb-moede-sagsliste');
  await page.getByRole('button', { name: 'Lås dagsordenen' }).click();
  await page.getByRole('alertdialog', { name: 'Lås dagsordenen nu?' }).getByRole('button', { name: 'Lås og send dagsordenen' }).click();
  await expect(page.getByText('Dagsordenen er låst og sendt til forummets medlemmer.')).toBeVisible();
  await expect(page.getByText('Dagsorden låst', { exact: true })).toBeVisible();
  const invite = await download(page, 'Hent mødeindkaldelsen til din kalender');
  expect(invite.name).toBe('invite.ics');
  expect(invite.body.toString('utf8')).toContain('BEGIN:VCALENDAR');
  expect(invite.body.toString('utf8')).toContain(`UID:meeting-${meetingId}@psp-koordinering`);
  const agenda = await download(page, 'Hent dagsordenen som PDF');
  expect(agenda.name).toBe('agenda.pdf');
  expect(agenda.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect((await pdfTextOf(agenda.body)).text).toContain(name);
  await checkPage(page, 'forloeb-moede-laast');

  // 4. The meeting's day comes: attendance, minutes accepting the person with two steps of two authorities, approved after the preview.
  await data.one(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1 RETURNING id`, [meetingId]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Møde i ${forum.name}`) })).toBeVisible();
  await page.getByLabel(`${politi} deltog`).check();
  await page.getByLabel(`Deltagere fra ${politi}`).fill('Lars Leder');
  await page.getByLabel(`${egedal} deltog`).check();
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  await checkPage(page, 'forloeb-moede-fremmoede');
  await page.getByRole('link', { name: 'Skriv referatet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Referat af møde i/ })).toBeVisible();
  const item = page.getByRole('region', { name: new RegExp(`^\\d+\\. ${name}$`) });
  await item.getByLabel('Optag som fokusperson').check();
  await item.getByLabel('Begrundelse').fill('Kriterierne for PSP er opfyldt');
  const due = addBusinessDays(today(), 10);
  const steps = [
    { n: 1, owner: egedal, user: NOMINATOR, description: `Afklare boligsituationen ${suffix}` },
    { n: 2, owner: politi, user: OTHER_CASEWORKER, description: `Bekymringssamtale ${suffix}` },
  ];
  for (const s of steps) {
    await item.getByRole('button', { name: 'Tilføj indsats' }).click();
    const step = item.getByRole('group', { name: `Indsats ${s.n}` });
    await step.getByLabel('Hvad skal gøres').fill(s.description);
    await step.getByLabel('Ansvarlig myndighed').selectOption({ label: s.owner });
    await step.getByLabel('Sagsbehandler').selectOption({ label: await displayName(s.user) });
    await step.getByLabel('Frist').fill(due);
  }
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  await expect
    .poll(async () => (await data.call<{ items: { decision: string | null; steps: unknown[] }[] }>(coordinator, 'GET', `/api/v1/meetings/${meetingId}/minutes`)).items.map((i) => [i.decision, i.steps.length]))
    .toEqual([['ACCEPT', 2]]);
  await checkPage(page, 'forloeb-referat');
  await page.getByRole('button', { name: 'Godkend referatet' }).click();
  const approve = page.getByRole('alertdialog', { name: 'Godkend referatet?' });
  await expect(approve).toContainText(`${name}: Optag som fokusperson (Indstillet → Aktiv)`);
  for (const s of steps) await expect(approve).toContainText(`${s.description} – ${await displayName(s.user)}, ${s.owner}`);
  await checkPage(page, 'forloeb-referat-godkend');
  await approve.getByRole('button', { name: 'Godkend referatet' }).click();
  await expect(page.getByText('Referatet er godkendt. 2 indsatser er startet')).toBeVisible();
  await expect.poll(async () => (await data.one<{ status: string }>(`SELECT status FROM fokusperson WHERE id = $1`, [personId])).status).toBe('ACTIVE');
  await page.context().close();
  const stepOf = async (username: string) => (await data.one<{ id: string }>(`SELECT id FROM step WHERE fokusperson_id = $1 AND assignee_user_id = $2`, [personId, await data.userId(username)])).id;
  const [egedalStep, politiStep] = [await stepOf(NOMINATOR), await stepOf(OTHER_CASEWORKER)];

  // 5. Both caseworkers see their step in "Mine opgaver"; the one of Egedal acknowledges and completes it.
  const other = await as();
  await openMyStep(other, OTHER_CASEWORKER, name, steps[1]!.description, 'forloeb-mine-opgaver-politi');
  await other.context().close();
  const done = await as();
  const row = await openMyStep(done, NOMINATOR, name, steps[0]!.description, 'forloeb-mine-opgaver-egedal');
  await row.getByRole('link', { name: steps[0]!.description }).click();
  await expect(done).toHaveURL(`${stack.url}/opgaver/${egedalStep}`);
  await expect(done.getByRole('heading', { name: 'Hvad er aftalt' })).toBeVisible();
  await done.getByRole('button', { name: 'Kvittér' }).click();
  await expect(done.getByText('Du har kvitteret for opgaven.')).toBeVisible();
  await done.getByRole('button', { name: 'Afslut med resultat' }).click();
  await done.getByLabel('Hvad blev gjort, og hvad blev resultatet?').fill('Borgeren har fået anvist en bolig.');
  await done.getByRole('button', { name: 'Afslut opgaven' }).click();
  await expect(done.getByText('Opgaven er afsluttet med dit resultat.')).toBeVisible();
  await checkPage(done, 'forloeb-opgave-afsluttet');
  await expect.poll(async () => (await data.one<{ status: string }>(`SELECT status FROM step WHERE id = $1`, [egedalStep])).status).toBe('DONE');
  await done.context().close();

  // 6. Time passes: the police step is overdue, and the police supervisor sees it.
  await data.makeOverdue(politiStep, 3);
  const supervisor = await as();
  await openSignedIn(supervisor, `${stack.url}/`, SUPERVISOR);
  await expect(supervisor.getByRole('heading', { level: 1, name: 'Overskredne opgaver' })).toBeVisible();
  const overdue = supervisor.getByRole('row').filter({ hasText: name });
  await expect(overdue).toContainText(steps[1]!.description);
  await expect(overdue).toContainText('3 dage over fristen');
  await expect(overdue).toContainText(forum.name);
  await expect(supervisor.getByRole('row').filter({ hasText: steps[0]!.description })).toHaveCount(0);
  await checkPage(supervisor, 'forloeb-overskredne');
  await supervisor.context().close();

  // 7. The auditor finds these uses in the access log; the citizen's report lists them without staff; the letter downloads.
  const auditor = await as();
  await openSignedIn(auditor, `${stack.url}/`, AUDITOR);
  await expect(auditor.getByRole('heading', { level: 1, name: 'Adgangslog' })).toBeVisible();
  await searchLog(auditor, personId, {});
  await checkPage(auditor, 'forloeb-adgangslog');
  const reveal = await searchLog(auditor, personId, { action: 'CPR-nummer vist' });
  await expect(reveal).toHaveCount(2);
  await expect(reveal.nth(1)).toContainText(coordinator);
  await expect(reveal.nth(1)).toContainText(justification);
  const nominated = await searchLog(auditor, personId, { actor: NOMINATOR, action: 'Oprettet' });
  await expect(nominated.filter({ hasText: egedal })).not.toHaveCount(0);
  for (const actor of [coordinator, NOMINATOR, OTHER_CASEWORKER, SUPERVISOR]) {
    const rows = await searchLog(auditor, personId, { actor });
    await expect(rows.nth(1)).toContainText(actor);
  }
  await checkPage(auditor, 'forloeb-adgangslog-soegning');

  await auditor.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Borgerens indsigt' }).click();
  await expect(auditor.getByRole('heading', { level: 1, name: 'Borgerens indsigt' })).toBeVisible();
  await auditor.getByLabel('Fokusperson-id').fill(personId);
  await auditor.getByRole('button', { name: 'Vis indsigt' }).click();
  const report = auditor.getByRole('table', { name: 'Brug af oplysningerne' });
  const use = (...cells: string[]) => cells.reduce((rows, text) => rows.filter({ has: auditor.getByRole('cell', { name: text, exact: true }) }), report.getByRole('row')).first();
  await expect(use(egedal, 'Oprettet', 'Forberedelse af PSP-møde')).toBeVisible();
  await expect(use(politi, 'CPR-nummer vist')).toBeVisible();
  await expect(use(egedal, 'Ændret', 'Opgavebehandling')).toBeVisible();
  await expect(use(politi, 'Ledelsens opfølgning')).toBeVisible();
  for (const who of staff) await expect(report).not.toContainText(who);
  await checkPage(auditor, 'forloeb-borgerens-indsigt');
  const letter = await download(auditor, 'Hent brev til borgeren (PDF)');
  expect(letter.name).toBe('indsigt.pdf');
  expect(letter.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text } = await pdfTextOf(letter.body);
  expect(text).toContain('Svar på din anmodning om indsigt');
  expect(text).toContain(egedal);
  for (const who of staff) expect(text).not.toContain(who);
  await auditor.context().close();
});
