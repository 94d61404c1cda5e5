import { addBusinessDays, copenhagenInstant } from '@psp/domain';
import { expect, test, type Page } from '@playwright/test';
import { checkPage, download, openSignedIn } from './support/browser';
import { addDays, StackData, today } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

const COORDINATOR = 'koordinator.pcb';
const OTHER_COORDINATOR = 'koordinator.politi';

/** The next Saturday and the next Tuesday after `from` (a Tuesday that is not a holiday in the test's months). */
function nextWeekday(from: string, weekday: number): string {
  let d = addDays(from, 1);
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
}

/** The names on the case list, in its order, of the persons this test made. */
async function listOrder(page: Page, names: string[]): Promise<string[]> {
  const texts = await page.getByRole('list', { name: 'Sagsliste' }).locator(':scope > li').allInnerTexts();
  return texts.map((text) => names.find((n) => text.includes(n))).filter((n): n is string => n !== undefined);
}

test('a coordinator builds the case list, locks it, records attendance and minutes, merges a conflict and approves', async ({ page }) => {
  const stamp = Date.now();
  const forumId = await data.forumId('psp-pcb');
  // An active person not due for review (accepted at an earlier meeting): the coordinator adds them by hand.
  const active = `Erik Aktiv ${stamp}`;
  const { personId: activeId } = await data.acceptedWithSteps(active, []);
  const nominate = async (name: string) =>
    (
      await data.call<{ id: string }>(COORDINATOR, 'POST', '/api/v1/fokuspersoner', {
        forumId,
        cpr: await data.cpr(),
        name,
        criteria: { challenges: ['PSYCHIATRIC_DIAGNOSIS'], frequentContactWith: ['POLICE'], reason: 'Gentagne henvendelser til politiet' },
      })
    ).id;
  const accepted = `Anna Optaget ${stamp}`;
  const removed = `Bent Fjernet ${stamp}`;
  const rejected = `Carl Afvist ${stamp}`;
  const startsAt = copenhagenInstant(addBusinessDays(today(), 3), 13).toISOString();
  const meeting = await data.call<{ id: string }>(COORDINATOR, 'POST', `/api/v1/forums/${forumId}/meetings`, { startsAt, location: `Mødelokale ${stamp}` });
  // Nominated after the meeting was planned: on its list all the same.
  const acceptedId = await nominate(accepted);
  await nominate(removed);
  await nominate(rejected);
  const names = [active, accepted, removed, rejected];

  // The meeting's page: time, place, status, next event, and the case list with why each person is on it.
  await openSignedIn(page, `${stack.url}/moeder/${meeting.id}`, COORDINATOR);
  await expect(page.getByRole('heading', { level: 1, name: /^Møde i PSP Nordsjælland/ })).toBeVisible();
  await expect(page.getByText(`Mødelokale ${stamp}`)).toBeVisible();
  await expect(page.getByText('Planlagt', { exact: true })).toBeVisible();
  const list = page.getByRole('list', { name: 'Sagsliste' });
  await expect(list.locator(':scope > li').filter({ hasText: accepted })).toContainText('Ny indstilling');
  await expect(list.getByRole('link', { name: accepted })).toHaveAttribute('href', `/personer/${acceptedId}`);
  expect(await listOrder(page, names)).toEqual([accepted, removed, rejected]);
  // The meeting's facts count what the list shows (the list's first read brings the stored list up to date).
  const itemCount = page.locator('dt', { hasText: 'Sager på dagsordenen' }).locator('xpath=following-sibling::dd[1]');
  expect(await itemCount.textContent()).toBe(String(await list.locator(':scope > li').count()));
  await checkPage(page, 'moede-sagsliste');

  // Add the active person, remove one nominee.
  await page.getByRole('button', { name: 'Tilføj en person' }).click();
  await page.getByLabel('Person').selectOption({ label: `${active} (Aktiv)` });
  await checkPage(page, 'moede-tilfoej-person');
  await page.getByRole('button', { name: 'Sæt på listen' }).click();
  await expect(list.locator(':scope > li').filter({ hasText: active })).toContainText('Tilføjet af koordinator');
  await expect(page.getByRole('status').filter({ hasText: `${active} er sat på listen.` })).toBeAttached();
  await page.getByRole('button', { name: `Fjern ${removed} fra listen` }).click();
  await expect(list.getByText(removed)).toHaveCount(0);
  expect(await listOrder(page, names)).toEqual([accepted, rejected, active]);
  await expect(itemCount).toHaveText(String(await list.locator(':scope > li').count()));

  // Reorder by keyboard: the button keeps focus and each move is announced.
  const up = page.getByRole('button', { name: `Flyt ${active} op` });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `${active} er flyttet til plads` })).toBeAttached();
  await expect.poll(() => listOrder(page, names)).toEqual([accepted, active, rejected]);
  await expect(up).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => listOrder(page, names)).toEqual([active, accepted, rejected]);
  const agenda = await data.call<{ items: { fokuspersonId: string }[] }>(COORDINATOR, 'GET', `/api/v1/meetings/${meeting.id}/agenda`);
  const ours = agenda.items.map((i) => i.fokuspersonId).filter((id) => id === activeId || id === acceptedId);
  expect(ours).toEqual([activeId, acceptedId]);
  // Dragging a row works too (the buttons are the keyboard's way).
  await list.locator(':scope > li').filter({ hasText: rejected }).dragTo(list.locator(':scope > li').filter({ hasText: active }));
  await expect.poll(() => listOrder(page, names)).toEqual([rejected, active, accepted]);

  // Lock, after a dialog that says what locking means.
  await page.getByRole('button', { name: 'Lås dagsordenen' }).click();
  const lockDialog = page.getByRole('alertdialog', { name: 'Lås dagsordenen nu?' });
  await expect(lockDialog).toContainText('ingen personer kan tilføjes, fjernes eller flyttes');
  await checkPage(page, 'moede-laas-dialog');
  await lockDialog.getByRole('button', { name: 'Lås og send dagsordenen' }).click();
  await expect(page.getByText('Dagsordenen er låst og sendt til forummets medlemmer.')).toBeVisible();
  await expect(lockDialog).toHaveCount(0);
  await expect(page.locator('.meeting-outcome')).toBeFocused(); // the lock button is gone: focus lands on the outcome
  await expect(page.getByText('Dagsorden låst', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Flyt ${active} op` })).toHaveCount(0);

  // The invite and the agenda PDF.
  const invite = await download(page, 'Hent mødeindkaldelsen til din kalender');
  expect(invite.name).toBe('invite.ics');
  expect(invite.body.toString('utf8')).toContain('BEGIN:VCALENDAR');
  expect(invite.body.toString('utf8')).toContain(`UID:meeting-${meeting.id}@psp-koordinering`);
  const pdf = await download(page, 'Hent dagsordenen som PDF');
  expect(pdf.name).toBe('agenda.pdf');
  expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Attendance, saved with the minutes draft.
  const authority = async (code: string) => (await data.one<{ name: string }>(`SELECT name FROM authority WHERE code = $1`, [code])).name;
  const [politi, egedal] = [await authority('politi-nordsjaelland'), await authority('kommune-egedal')];
  await page.getByLabel(`${politi} deltog`).check();
  await page.getByLabel(`Deltagere fra ${politi}`).fill('Lars Leder');
  await page.getByLabel(`${egedal} deltog`).check();
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  await checkPage(page, 'moede-fremmoede');

  // The minutes: a decision per person, two agreed steps for caseworkers of two authorities.
  await page.getByRole('link', { name: 'Skriv referatet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Referat af møde i/ })).toBeVisible();
  const item = (name: string) => page.getByRole('region', { name: new RegExp(`^\\d+\\. ${name}$`) });
  const a = item(accepted);
  await expect(a.getByRole('radio')).toHaveCount(3); // only what fits a nominated person
  await a.getByLabel('Optag som fokusperson').check();
  await a.getByLabel('Begrundelse').fill('Kriterierne er opfyldt');
  const caseworker = async (u: string) => (await data.one<{ display_name: string }>(`SELECT display_name FROM app_user WHERE username = $1`, [u])).display_name;
  const saturday = nextWeekday(today(), 6);
  const tuesday = nextWeekday(addDays(today(), 7), 2);
  for (const [n, owner, user, description] of [
    [1, egedal, await caseworker('sagsbehandler.egedal'), 'Afklare boligsituationen'],
    [2, politi, await caseworker('sagsbehandler.politi'), 'Bekymringssamtale'],
  ] as const) {
    await a.getByRole('button', { name: 'Tilføj indsats' }).click();
    const step = a.getByRole('group', { name: `Indsats ${n}` });
    await expect(step.getByLabel('Hvad skal gøres')).toBeFocused();
    await step.getByLabel('Hvad skal gøres').fill(description);
    await step.getByLabel('Ansvarlig myndighed').selectOption({ label: owner });
    await step.getByLabel('Sagsbehandler').selectOption({ label: user });
    await step.getByLabel('Frist').fill(saturday);
    await expect(step.getByText('Datoen er en lørdag eller søndag.')).toBeVisible();
    await step.getByLabel('Frist').fill(tuesday);
    await expect(step.getByText('Datoen er en hverdag.')).toBeVisible();
  }
  const c = item(rejected);
  await c.getByLabel('Afvis indstillingen').check();
  await c.getByLabel('Begrundelse').fill('Kriterierne er ikke opfyldt');
  const e = item(active);
  await e.getByLabel('Fortsæt forløbet').check();
  await e.getByLabel('Begrundelse').fill('Planen følges');
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  // A refused save is explained in Danish at the item: a review date must lie after the meeting.
  await a.getByLabel('Næste gennemgang').fill(today());
  await expect(page.getByRole('heading', { name: 'Kladden blev ikke gemt' })).toBeVisible();
  await expect(a.getByText('Næste gennemgang skal ligge efter mødet')).toBeVisible();
  await a.getByLabel('Næste gennemgang').fill('');
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  // Typed text survives a reload before it is saved, and is saved after it.
  await c.getByLabel('Noter fra drøftelsen').fill('Skrevet lige før genindlæsning');
  await page.reload();
  await expect(c.getByLabel('Noter fra drøftelsen')).toHaveValue('Skrevet lige før genindlæsning');
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  await expect.poll(async () => (await data.call<{ items: { decision: string | null; steps: unknown[] }[] }>(COORDINATOR, 'GET', `/api/v1/meetings/${meeting.id}/minutes`)).items.filter((i) => i.decision).length).toBe(3);
  await checkPage(page, 'referat');

  // Another coordinator saves meanwhile (through the api): this tab's next save is refused and both versions are shown.
  const theirs = await data.call<{ version: number; attendance: object[]; items: { itemId: string; decision: string | null; reason: string | null; note: string | null; nextReviewDate: string | null; steps: object[] }[] }>(OTHER_COORDINATOR, 'GET', `/api/v1/meetings/${meeting.id}/minutes`);
  const otherNote = 'Notat fra den anden koordinator';
  await data.call(OTHER_COORDINATOR, 'PUT', `/api/v1/meetings/${meeting.id}/minutes`, {
    version: theirs.version,
    attendance: theirs.attendance,
    items: theirs.items
      .filter((i) => i.decision)
      .map((i) => ({ itemId: i.itemId, decision: i.decision, reason: i.reason, ...(i.nextReviewDate ? { nextReviewDate: i.nextReviewDate } : {}), ...(i.steps.length ? { steps: i.steps } : {}), note: i.reason === 'Planen følges' ? otherNote : (i.note ?? '') })),
  });
  await e.getByLabel('Noter fra drøftelsen').fill('Mit eget notat');
  const conflict = page.getByRole('alert').filter({ hasText: 'En anden har gemt referatet i mellemtiden' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('table')).toContainText('Mit eget notat');
  await expect(conflict.getByRole('table')).toContainText(otherNote);
  await checkPage(page, 'referat-konflikt');
  // Merged by hand: the difference's link leads to the field; both notes, then this version is saved over theirs.
  await conflict.getByRole('link', { name: new RegExp(`${active}: Noter fra drøftelsen`) }).click();
  await expect(e.getByLabel('Noter fra drøftelsen')).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(`\n${otherNote}`);
  await conflict.getByRole('button', { name: 'Gem min flettede version' }).click();
  await expect(page.getByText(/^Gemt kl\. \d\d\.\d\d$/)).toBeVisible();
  await expect(conflict).toHaveCount(0);
  const merged = await data.call<{ items: { fokuspersonId: string; note: string | null }[] }>(COORDINATOR, 'GET', `/api/v1/meetings/${meeting.id}/minutes`);
  expect(merged.items.find((i) => i.fokuspersonId === activeId)?.note).toBe(`Mit eget notat\n${otherNote}`);

  // The meeting's day comes; the approval dialog shows what approving does, then approves.
  await data.one(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1 RETURNING id`, [meeting.id]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^Referat af møde i/ })).toBeVisible();
  await page.getByRole('button', { name: 'Godkend referatet' }).click();
  const approveDialog = page.getByRole('alertdialog', { name: 'Godkend referatet?' });
  await expect(approveDialog).toContainText(`${accepted}: Optag som fokusperson (Indstillet → Aktiv)`);
  await expect(approveDialog).toContainText(`Afklare boligsituationen – ${await caseworker('sagsbehandler.egedal')}, ${egedal}`);
  await expect(approveDialog).toContainText(`Bekymringssamtale – ${await caseworker('sagsbehandler.politi')}, ${politi}`);
  await checkPage(page, 'referat-godkend-dialog');
  await approveDialog.getByRole('button', { name: 'Godkend referatet' }).click();
  await expect(page.getByText('Referatet er godkendt. 2 indsatser er startet')).toBeVisible();
  const steps = await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM step WHERE fokusperson_id = $1`, [acceptedId]);
  expect(steps.n).toBe(2);
  // The approved minutes read as a record, no longer as a form.
  await expect(a.getByRole('radio')).toHaveCount(0);
  await expect(a).toContainText(`Afklare boligsituationen – ${await caseworker('sagsbehandler.egedal')}, ${egedal}`);
  const minutesPdf = await download(page, 'Hent referatet som PDF');
  expect(minutesPdf.name).toBe('minutes.pdf');
  expect(minutesPdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await checkPage(page, 'referat-godkendt');
});

test('a caseworker of a member authority sees when the forum meets, not its case list', async ({ page }) => {
  const forumId = await data.forumId('psp-pcb');
  const startsAt = copenhagenInstant(addBusinessDays(today(), 4), 10).toISOString();
  const meeting = await data.call<{ id: string }>(COORDINATOR, 'POST', `/api/v1/forums/${forumId}/meetings`, { startsAt, location: `Rådhuset ${Date.now()}` });
  await openSignedIn(page, `${stack.url}/moeder/${meeting.id}`, 'sagsbehandler.egedal');
  await expect(page.getByRole('heading', { level: 1, name: /^Møde i PSP Nordsjælland/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Hent mødeindkaldelsen til din kalender' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sagsliste' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Hent dagsordenen som PDF' })).toHaveCount(0);
  await checkPage(page, 'moede-sagsbehandler');
});
