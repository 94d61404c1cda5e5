import { ValidationError } from '@psp/domain';
import { citizenAccessLetterPdf, type CitizenAccessLetterInput } from '../libs/documents/src/citizen-access-letter';
import { agendaPdf } from '../libs/documents/src/meeting-pdf';
import { CONFIDENTIAL_MARKING } from '../libs/documents/src/pdf-writer';
import { pdfPagesOf, pdfTextOf } from './support/pdf';

const CONTROL = 'Den dataansvarliges tilsyn og kontrol (adgangslog og indsigt)';

const letter = (over: Partial<CitizenAccessLetterInput> = {}): CitizenAccessLetterInput => ({
  sender: 'Nordsjællands Politi',
  reference: '0b6f3a52-8c1e-4d7a-9f55-2d1c7e0a9b41',
  writtenAt: new Date('2027-01-12T09:30:00Z'),
  uses: [
    { date: '2026-12-03', authority: 'Psykiatrisk Center Ballerup', actedAs: 'AUTHORITY', action: 'CREATE', purpose: 'PSP_CASE_PREPARATION' },
    { date: '2026-12-08', authority: 'Gribskov Kommune', actedAs: 'AUTHORITY', action: 'READ', purpose: 'PSP_COORDINATION' },
    { date: '2026-12-08', authority: 'Gribskov Kommune', actedAs: 'AUTHORITY', action: 'READ', purpose: 'PSP_COORDINATION' },
    { date: '2026-12-09', authority: 'PSP Koordinering (automatisk)', actedAs: 'SYSTEM', action: 'UPDATE', purpose: 'KEY_MAINTENANCE' },
    { date: '2027-01-11', authority: CONTROL, actedAs: 'SUPERVISORY_CONTROL', action: 'SEARCH', purpose: 'AUDIT' },
  ],
  ...over,
});

describe('the citizen’s access letter (PDF)', () => {
  it('is a Danish letter: sender, date, reference, introduction, each use with date, authority, what and why', async () => {
    const { text, title, pages } = await pdfTextOf(await citizenAccessLetterPdf(letter()));
    expect(title).toBe('Svar på din anmodning om indsigt');
    expect(pages).toBe(1);
    expect(text).toContain('Afsender: Nordsjællands Politi');
    expect(text).toContain('Dato: tirsdag 12. januar 2027');
    expect(text).toContain('Vores reference: 0b6f3a52-8c1e-4d7a-9f55-2d1c7e0a9b41');
    expect(text).toContain('Du har bedt om at få at vide, hvornår og hvorfor dine oplysninger er blevet brugt');
    expect(text).toContain('3. december 2026: Psykiatrisk Center Ballerup – oplysningerne blev registreret. Formål: forberedelse af et PSP-møde.');
    // The same day, authority, act and purpose once, with how many times.
    expect(text).toContain('8. december 2026: Gribskov Kommune – oplysningerne blev læst (2 gange). Formål: koordinering af indsatsen i PSP-samarbejdet.');
    expect(text).toContain('9. december 2026: PSP Koordinering (automatisk) – oplysningerne blev ændret.');
    expect(text).toContain('Med venlig hilsen Nordsjællands Politi');
  });

  it('shows the data controller’s control apart from the authorities’ use', async () => {
    const { text } = await pdfTextOf(await citizenAccessLetterPdf(letter()));
    const authorities = text.indexOf('Myndighedernes brug af dine oplysninger');
    const control = text.indexOf('Den dataansvarliges kontrol');
    expect(authorities).toBeGreaterThan(0);
    expect(control).toBeGreaterThan(authorities);
    expect(text.indexOf('11. januar 2027')).toBeGreaterThan(control);
    expect(text).toContain(`11. januar 2027: ${CONTROL} – oplysningerne blev fundet ved en søgning. Formål: kontrol af adgangsloggen.`);
  });

  it('names no staff and carries no internal marking: neither the confidentiality lines nor who printed it', async () => {
    const pages = await pdfPagesOf(await citizenAccessLetterPdf(letter()));
    const text = pages.join(' ');
    for (const line of CONFIDENTIAL_MARKING) expect(text).not.toContain(line);
    expect(text).not.toMatch(/Udskrevet .* af|efterforskning/);
    expect(text).not.toMatch(/revisor|koordinator\.|Rikke|Kirsten/i);
    expect(pages[0]).toContain('Side 1 af 1');
  });

  it('says so when no authority has used the data', async () => {
    const { text } = await pdfTextOf(await citizenAccessLetterPdf(letter({ uses: [] })));
    expect(text).toContain('Ingen myndighed har brugt dine oplysninger');
    expect(text).toContain('Der er ikke registreret nogen kontrol.');
  });

  it('spans pages for a long history and gives the same bytes for the same input', async () => {
    const uses = Array.from({ length: 80 }, (_, i) => ({
      date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      authority: i % 2 ? 'Gribskov Kommune' : 'Nordsjællands Politi',
      actedAs: 'AUTHORITY' as const,
      action: 'READ',
      purpose: 'TASK_HANDLING',
    }));
    const pdf = await citizenAccessLetterPdf(letter({ uses }));
    const pages = await pdfPagesOf(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toContain(`Side ${pages.length} af ${pages.length}`);
    expect((await citizenAccessLetterPdf(letter({ uses }))).equals(pdf)).toBe(true);
  });

  it('refuses invalid input with a ValidationError naming the field', async () => {
    await expect(citizenAccessLetterPdf(letter({ sender: ' ' }))).rejects.toThrow(new ValidationError('sender must be a non-empty text'));
    await expect(citizenAccessLetterPdf(letter({ writtenAt: new Date('x') }))).rejects.toThrow(ValidationError);
    const bad = letter({ uses: [{ date: '2026-12-03', authority: 'Gribskov Kommune', actedAs: 'AUTHORITY', action: 'PEEK', purpose: 'AUDIT' }] });
    await expect(citizenAccessLetterPdf(bad)).rejects.toThrow(/uses\[0\]\.action must be one of READ/);
  });

  it('leaves the internal papers marked as before', async () => {
    const agenda = await agendaPdf({
      exportedBy: 'Kirsten Koordinator, Nordsjællands Politi',
      exportedAt: new Date('2026-12-07T13:05:00Z'),
      forumName: 'PSP Nordsjælland – PCB',
      startsAt: new Date('2026-12-08T08:00:00Z'),
      status: 'PLANNED',
      items: [],
    });
    const [first] = await pdfPagesOf(agenda);
    for (const line of CONFIDENTIAL_MARKING) expect(first).toContain(line);
    expect(first).toContain('af Kirsten Koordinator, Nordsjællands Politi · Side 1 af 1');
  });
});
