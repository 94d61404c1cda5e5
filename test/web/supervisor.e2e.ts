import { expect, test } from '@playwright/test';
import { checkPage, openSignedIn } from './support/browser';
import { StackData } from './support/data';
import { sharedStack } from './support/stack';

const stack = sharedStack();
let data: StackData;
test.beforeAll(() => {
  data = new StackData(stack);
});
test.afterAll(() => data.close());

test('a supervisor sees an overdue step of the authority with person, description and forum, and reassigns it', async ({ page }) => {
  const name = `Otto Overgaard ${Date.now()}`;
  const { stepIds } = await data.acceptedWithSteps(name, [{ description: 'Bevilge støttekontaktperson', owner: 'kommune-egedal', assignee: 'sagsbehandler.egedal' }]);
  await data.makeOverdue(stepIds[0], 3);

  await openSignedIn(page, `${stack.url}/`, 'leder.egedal');
  await expect(page.getByRole('heading', { level: 1, name: 'Overskredne opgaver' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Bevilge støttekontaktperson');
  await expect(row).toContainText('3 dage over fristen');
  await expect(row).toContainText('Psykiatrisk Center Ballerup');
  await expect(page.getByRole('heading', { name: /Sara Sagsbehandler/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Udvikling de seneste 12 uger' })).toBeVisible();
  await checkPage(page, 'overblik');

  await row.getByRole('button', { name: /Omfordel/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Ny medarbejder').selectOption({ label: 'Lene Leder' });
  await dialog.getByLabel('Hvorfor omfordeles opgaven?').fill('Sara er på kursus i denne uge.');
  await checkPage(page, 'omfordel');
  await dialog.getByRole('button', { name: 'Omfordel opgaven' }).click();
  await expect(page.getByText('Opgaven er omfordelt til Lene Leder.')).toBeVisible();
  const lene = await data.userId('leder.egedal');
  await expect.poll(async () => (await data.one<{ assignee_user_id: string }>(`SELECT assignee_user_id FROM step WHERE id = $1`, [stepIds[0]])).assignee_user_id).toBe(lene);
});

test('a supervisor sees blocked steps with their reasons', async ({ page }) => {
  const name = `Bent Blok ${Date.now()}`;
  const { stepIds } = await data.acceptedWithSteps(name, [{ description: 'Henvise til misbrugsbehandling', owner: 'politi-nordsjaelland', assignee: 'sagsbehandler.politi' }]);
  await data.call('sagsbehandler.politi', 'POST', `/api/v1/steps/${stepIds[0]}/block`, { reason: 'WAITING_ON_OTHER_AUTHORITY', text: 'Afventer psykiatriens udredning.' });
  await openSignedIn(page, `${stack.url}/overblik`, 'leder.politi');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Afventer anden myndighed');
  await expect(row).toContainText('Afventer psykiatriens udredning.');
});
