import { addBusinessDays, copenhagenInstant, isBusinessDay } from '@psp/domain';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkPage, openSignedIn } from './support/browser';
import { addDays, StackData, today, unique } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

/** Presses Tab until this element has the focus; fails after 80 presses. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

const criteria = { challenges: ['PSYCHIATRIC_DIAGNOSIS', 'SUBSTANCE_ABUSE'], frequentContactWith: ['POLICE', 'PSYCHIATRY'], reason: 'Mange henvendelser hos politi og psykiatri' };

/**
 * A forum of its own (police, Egedal, PCB) with a new coordinator as its only member, so nothing
 * another test does shows here: one person accepted at a meeting with a plan of two steps (one
 * overdue), one nomination waiting, and the next meeting three weeks ahead.
 */
async function forumWithPersons(suffix: string) {
  const authorityIds = await Promise.all(['politi-nordsjaelland', 'kommune-egedal', 'pcb'].map((c) => data.authorityId(c)));
  const forum = await data.call<{ id: string; name: string }>('admin', 'POST', '/api/v1/admin/fora', { code: `e2e-${suffix}`, name: `PSP Test ${suffix}`, authorityIds });
  const coordinator = await data.newUser('politi-nordsjaelland', 'COORDINATOR', `Karl Koordinator ${suffix}`);
  await data.call('admin', 'PUT', `/api/v1/admin/fora/${forum.id}/members/${await data.userId(coordinator)}`);

  const nominate = async (name: string) =>
    data.call<{ id: string }>(coordinator, 'POST', '/api/v1/fokuspersoner', { forumId: forum.id, cpr: await data.cpr(), name, criteria });
  const planned = await nominate(`Birte Plan ${suffix}`);
  const meeting = await data.call<{ id: string }>(coordinator, 'POST', `/api/v1/forums/${forum.id}/meetings`, { startsAt: copenhagenInstant(addBusinessDays(today(), 3), 12).toISOString() });
  const agenda = await data.call<{ items: { itemId: string; fokuspersonId: string }[] }>(coordinator, 'GET', `/api/v1/meetings/${meeting.id}/agenda`);
  const item = agenda.items.find((i) => i.fokuspersonId === planned.id);
  if (!item) throw new Error('the nominated person is not on the case list');
  await data.call(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/lock`);
  const step = async (description: string, owner: string, assignee: string) => ({ description, ownerAuthorityId: await data.authorityId(owner), assigneeUserId: await data.userId(assignee), dueDate: addDays(today(), 20) });
  await data.call(coordinator, 'PUT', `/api/v1/meetings/${meeting.id}/minutes`, {
    attendance: [],
    items: [
      {
        itemId: item.itemId,
        decision: 'ACCEPT',
        reason: 'Kriterierne for PSP er opfyldt',
        nextReviewDate: addDays(today(), 60),
        steps: [await step('Tilbyde bostøtte', 'kommune-egedal', 'sagsbehandler.egedal'), await step('Bekymringssamtale med borgeren', 'politi-nordsjaelland', 'sagsbehandler.politi')],
      },
    ],
  });
  await data.one(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1 RETURNING id`, [meeting.id]);
  const approved = await data.call<{ startedStepIds: string[] }>(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/minutes/approve`);
  const { id: policeStep } = await data.one<{ id: string }>(`SELECT id FROM step WHERE id = ANY($1) AND owner_authority_id = $2`, [approved.startedStepIds, authorityIds[0]]);
  await data.makeOverdue(policeStep, 3);
  await data.call(coordinator, 'PUT', `/api/v1/fokuspersoner/${planned.id}/helhedsplan/goals`, { goals: ['Stabil bolig', 'Fast kontakt til psykiatrien'], change: 'Mål aftalt på mødet' });

  const waiting = await nominate(`Niels Ny ${suffix}`);
  await data.call(coordinator, 'POST', `/api/v1/forums/${forum.id}/meetings`, { startsAt: copenhagenInstant(addBusinessDays(today(), 15), 9).toISOString(), location: 'Rådhuset, mødelokale 2' });
  return { forum, coordinator, waiting };
}

/** The next weekday that is not a business day (a holiday or a day public offices close), at least 15 days ahead. */
function nextClosedWeekday(): string {
  for (let d = addDays(today(), 15); ; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5 && !isBusinessDay(d)) return d;
  }
}

test('a coordinator sees the forum, opens a nominated person, reveals the CPR number with a justification, decides, sees a plan and history, and sets the cadence and reminders', async ({ page }) => {
  const suffix = unique();
  const { forum, coordinator, waiting } = await forumWithPersons(suffix);
  const waitingName = `Niels Ny ${suffix}`;
  const plannedName = `Birte Plan ${suffix}`;

  // One forum: the coordinator lands on it, and the menu goes straight to it.
  await openSignedIn(page, `${stack.url}/`, coordinator);
  await expect(page).toHaveURL(`${stack.url}/fora/${forum.id}`);
  await expect(page.getByRole('heading', { level: 1, name: forum.name })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' }).first();
  await expect(nav.getByRole('link', { name: 'Mit forum' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Mine opgaver' })).toBeVisible();
  const next = page.getByRole('region', { name: 'Næste møde' });
  await expect(next).toContainText('Rådhuset, mødelokale 2');
  await expect(next).toContainText(/Om \d+ dage/);
  await expect(page.getByRole('region', { name: 'Helhedsplaner med overskredne eller blokerede opgaver' }).getByRole('row', { name: new RegExp(plannedName) })).toContainText('1');
  await checkPage(page, 'koordinator-forum');

  // The nomination waiting for a decision.
  await page.getByRole('region', { name: 'Indstillinger, der venter på en beslutning' }).getByRole('link', { name: waitingName }).click();
  await expect(page).toHaveURL(`${stack.url}/personer/${waiting.id}`);
  await expect(page.getByRole('heading', { level: 1, name: waitingName })).toBeVisible();
  await expect(page.getByText(/^\d{6}-XXXX$/)).toBeVisible();
  await expect(page.getByText('Indstillet', { exact: true })).toBeVisible();
  await expect(page.getByText('Mange henvendelser hos politi og psykiatri')).toBeVisible();
  await expect(page.getByText('Der er ingen helhedsplan endnu.', { exact: false })).toBeVisible();
  await checkPage(page, 'koordinator-person-indstillet');

  // "Vis CPR" with the keyboard: the dialog asks why, refuses without a reason, closes on Escape.
  const show = page.getByRole('button', { name: 'Vis CPR' });
  await page.getByRole('heading', { level: 1 }).focus();
  await tabTo(page, show);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Vis hele CPR-nummeret' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(show).toBeFocused();
  await show.click();
  await dialog.getByRole('button', { name: 'Vis CPR-nummeret' }).click();
  await expect(dialog.getByRole('group', { name: 'Ret følgende, før du fortsætter' })).toBeFocused();
  await expect(dialog.getByLabel('Hvorfor skal du se hele CPR-nummeret?')).toHaveAccessibleDescription(/Skriv, hvorfor du skal se hele CPR-nummeret/);
  await checkPage(page, 'koordinator-vis-cpr-fejl');
  const reveals = async () => (await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM access_log WHERE action = 'REVEAL' AND fokusperson_id = $1`, [waiting.id])).n;
  expect(await reveals()).toBe(0);
  const justification = `Skal finde borgeren i politiets eget system ${suffix}`;
  await dialog.getByLabel('Hvorfor skal du se hele CPR-nummeret?').fill(justification);
  await dialog.getByRole('button', { name: 'Vis CPR-nummeret' }).click();
  await expect(dialog).toBeHidden();
  const cpr = await data.one<{ n: number }>(`SELECT count(*)::int AS n FROM access_log WHERE action = 'REVEAL' AND fokusperson_id = $1 AND detail = $2 AND outcome = 'ALLOWED'`, [waiting.id, justification]);
  expect(cpr.n).toBe(1);
  await expect(page.getByText(/^\d{6}-\d{4}$/)).toBeFocused();
  await expect(page.getByText('Hele CPR-nummeret vises.', { exact: false })).toBeVisible();
  await checkPage(page, 'koordinator-cpr-vist');
  await page.getByRole('button', { name: 'Skjul CPR-nummeret' }).click();
  await expect(page.getByText(/^\d{6}-XXXX$/)).toBeVisible();

  // A decision between meetings: a reason is required; accepted, the person is active and the history says so.
  await page.getByRole('button', { name: 'Træf en beslutning' }).click();
  await expect(page.getByRole('group', { name: 'Beslutning' })).toBeFocused();
  await page.getByRole('radio', { name: 'Optag som fokusperson' }).check();
  await page.getByRole('button', { name: 'Gem beslutningen' }).click();
  await expect(page.getByText('Skriv en begrundelse (mindst 3 tegn).').first()).toBeVisible();
  await page.getByLabel('Begrundelse for beslutningen').fill('Akut behov for koordinering før næste møde');
  await page.getByRole('button', { name: 'Gem beslutningen' }).click();
  await expect(page.getByText('Beslutningen er gemt: Optag som fokusperson.')).toBeVisible();
  await expect(page.getByText('Aktiv fokusperson', { exact: true })).toBeVisible();
  const history = page.getByRole('region', { name: 'Forløb' });
  await expect(history).toContainText('Optaget som fokusperson');
  await expect(history).toContainText('Akut behov for koordinering før næste møde');
  await expect(page.getByText(/På forummets første møde fra/)).toBeVisible();
  await checkPage(page, 'koordinator-person-optaget');

  // The tovholder and the §22 decision, each with its reason.
  await page.getByRole('button', { name: 'Vælg tovholder' }).click();
  await page.getByLabel('Myndighed', { exact: true }).selectOption({ label: 'Egedal Kommune, Socialforvaltningen' });
  await page.getByLabel('Begrundelse for valget').fill('Kommunen har bostøtten');
  await page.getByRole('button', { name: 'Gem tovholderen' }).click();
  await expect(page.getByText('Egedal Kommune, Socialforvaltningen er nu tovholder.')).toBeVisible();
  await page.getByRole('button', { name: 'Registrér oplysningspligten' }).click();
  await page.getByRole('radio', { name: 'Undtaget efter databeskyttelseslovens §22' }).check();
  await page.getByLabel('Hvordan er borgeren oplyst, eller hvorfor er borgeren undtaget?').fill('kort');
  await page.getByRole('button', { name: 'Gem oplysningspligten' }).click();
  await expect(page.getByText('Skriv en begrundelse (mindst 10 tegn).').first()).toBeVisible();
  await page.getByLabel('Hvordan er borgeren oplyst, eller hvorfor er borgeren undtaget?').fill('Oplysning vil modvirke forebyggelsen lige nu');
  await page.getByRole('button', { name: 'Gem oplysningspligten' }).click();
  await expect(page.getByText('Oplysningspligten er gemt', { exact: false })).toBeVisible();
  const facts = page.getByRole('region', { name: 'Oplysninger' });
  await expect(facts).toContainText('Kommunen har bostøtten');
  await expect(facts).toContainText('Undtaget fra oplysningspligten efter databeskyttelseslovens §22');

  // The person with a plan: goals, steps per authority with the overdue one marked, history.
  await page.getByRole('link', { name: 'Tilbage til forummet' }).click();
  await page.getByRole('link', { name: plannedName }).click();
  await expect(page.getByRole('heading', { level: 1, name: plannedName })).toBeVisible();
  const plan = page.getByRole('region', { name: /Helhedsplan/ });
  await expect(plan.getByText('Stabil bolig')).toBeVisible();
  await expect(plan.getByRole('heading', { name: 'Egedal Kommune, Socialforvaltningen' })).toBeVisible();
  const police = plan.getByRole('region', { name: 'Nordsjællands Politi' });
  await expect(police.getByRole('row', { name: /Bekymringssamtale/ })).toContainText('3 dage over fristen');
  await expect(police).toContainText('Signe Sagsbehandler');
  await expect(plan.getByRole('region', { name: 'Egedal Kommune, Socialforvaltningen' })).toContainText('Sara Sagsbehandler');
  await expect(plan).toContainText('Mål aftalt på mødet');
  await expect(page.getByRole('region', { name: 'Forløb' })).toContainText('Kriterierne for PSP er opfyldt');
  await checkPage(page, 'koordinator-person-plan');

  // The forum's persons by status: both are active now; the filter is kept in the address.
  await page.getByRole('link', { name: 'Tilbage til forummet' }).click();
  await page.getByRole('link', { name: '2, vis personerne med status aktiv fokusperson' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forummets personer' })).toBeVisible();
  await expect(page).toHaveURL(/status=ACTIVE/);
  await expect(page.getByLabel('Status')).toHaveValue('ACTIVE');
  for (const name of [plannedName, waitingName]) await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(/\d{6}-XXXX/);
  await checkPage(page, 'koordinator-personer');
  await page.getByLabel('Status').selectOption({ label: 'Afvist' });
  await expect(page.getByText('Der er ingen personer med denne status.')).toBeVisible();

  // Planning: no cadence yet; a weekly one on a weekday that has a holiday ahead.
  await page.getByRole('link', { name: 'Tilbage til forummet' }).click();
  await page.getByRole('link', { name: 'Møder og påmindelser' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Møder og påmindelser' })).toBeVisible();
  await expect(page.getByText('Forummet har ingen mødekadence endnu.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Gem kadencen' }).click();
  await expect(page.getByText('Skriv et helt antal uger fra 1 til 52.').first()).toBeVisible();
  await checkPage(page, 'koordinator-planlaegning-fejl');
  const closed = nextClosedWeekday();
  const weekday = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag'][new Date(`${closed}T12:00:00Z`).getUTCDay() - 1]!;
  const start = addDays(closed, -14);
  await page.getByLabel('Antal uger mellem møderne').fill('1');
  await page.getByLabel('Ugedag').selectOption({ label: weekday });
  await page.getByLabel('Klokkeslæt', { exact: true }).fill('10:00');
  await page.getByLabel('Første mødedag').fill(`${start.slice(8, 10)}.${start.slice(5, 7)}.${start.slice(0, 4)}`);
  await page.getByRole('button', { name: 'Gem kadencen' }).click();
  await expect(page.getByText('Kadencen er gemt.', { exact: false })).toBeVisible();
  const preview = page.getByRole('list', { name: 'De næste seks møder' });
  await expect(preview.getByRole('listitem')).toHaveCount(6);
  await expect(preview.getByRole('listitem').nth(2)).toContainText('Flyttet fra');
  await expect(preview.getByRole('listitem').nth(0)).not.toContainText('Flyttet fra');
  await expect(page.getByText(`Hver uge om ${weekday}en kl. 10.00`, { exact: false })).toBeVisible();
  const cadence = await data.one<{ cadence: { everyWeeks: number; startDate: string; time: string } }>(`SELECT cadence FROM forum WHERE id = $1`, [forum.id]);
  expect(cadence.cadence).toMatchObject({ everyWeeks: 1, startDate: start, time: '10:00' });
  await checkPage(page, 'koordinator-planlaegning');

  await page.getByRole('button', { name: 'Sæt planlægningen på pause' }).click();
  await expect(page.getByText('Planlægningen er sat på pause.')).toBeVisible();
  await expect.poll(async () => (await data.one<{ paused: boolean }>(`SELECT schedule_paused AS paused FROM forum WHERE id = $1`, [forum.id])).paused).toBe(true);
  await page.getByRole('button', { name: 'Genoptag planlægningen' }).click();
  await expect(page.getByText('Planlægningen er genoptaget.')).toBeVisible();

  // The reminder policy: a wrong value is explained at its field; typed text survives a reload; the defaults are one click away.
  await page.getByLabel('Påmind om at kvittere efter').fill('0');
  await page.getByLabel(/Påmind før fristen/).fill('7, 2');
  await page.getByRole('button', { name: 'Gem påmindelserne' }).click();
  await expect(page.getByText('Skriv et helt antal arbejdsdage fra 1 til 30.').first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/Påmind før fristen/)).toHaveValue('7, 2');
  await page.getByLabel('Påmind om at kvittere efter').fill('3');
  await page.getByRole('button', { name: 'Gem påmindelserne' }).click();
  await expect(page.getByText('Påmindelserne er gemt.', { exact: false })).toBeVisible();
  const policy = await data.one<{ p: Record<string, unknown> }>(`SELECT reminder_policy AS p FROM forum WHERE id = $1`, [forum.id]);
  expect(policy.p).toMatchObject({ acknowledgeAfterBusinessDays: 3, dueRemindersBusinessDaysBefore: [7, 2], reEscalateEveryBusinessDays: 5, sendAtHour: 8 });
  await page.getByRole('button', { name: 'Brug standardværdierne' }).click();
  await expect(page.getByLabel('Påmind om at kvittere efter')).toHaveValue('2');
  await expect(page.getByLabel(/Påmind før fristen/)).toHaveValue('5, 1');
  await checkPage(page, 'koordinator-paamindelser');
});
