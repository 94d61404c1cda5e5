import { ValidationError } from '@psp/domain';
import { agendaPdf, minutesPdf, type AgendaDocumentInput, type MinutesDocumentInput } from '../libs/documents/src/meeting-pdf';
import { pdfText } from '../libs/documents/src/pdf-text';
import { CONFIDENTIAL_MARKING } from '../libs/documents/src/pdf-writer';
import { pdfTextOf as textOf, pdfPagesOf } from './support/pdf';

/** Who exports the fixtures' documents, and when (Copenhagen: 7 December 2026 14:05). */
const EXPORT = { exportedBy: 'Kirsten Koordinator, Nordsjællands Politi', exportedAt: new Date('2026-12-07T13:05:00Z') };

const agenda = (over: Partial<AgendaDocumentInput> = {}): AgendaDocumentInput => ({
  ...EXPORT,
  forumName: 'PSP Nordsjælland – PCB',
  startsAt: new Date('2026-12-08T08:00:00Z'),
  location: 'Politigården, lokale 3',
  status: 'AGENDA_LOCKED',
  items: [
    { position: 2, title: 'Åse Øberg', reasons: ['REVIEW_DUE'], status: 'ACTIVE', leadAuthority: 'Nordsjællands Politi', openSteps: 1, overdueSteps: 0, blockedSteps: 0 },
    {
      position: 1,
      title: 'Søren Ærø',
      reasons: ['NEW_NOMINATION', 'OVERDUE_OR_BLOCKED_STEPS'],
      status: 'NOMINATED',
      leadAuthority: null,
      openSteps: 3,
      overdueSteps: 1,
      blockedSteps: 2,
    },
  ],
  ...over,
});

const minutes = (over: Partial<MinutesDocumentInput> = {}): MinutesDocumentInput => ({
  ...EXPORT,
  forumName: 'PSP Nordsjælland – PCB',
  startsAt: new Date('2026-12-08T08:00:00Z'),
  approvedAt: null,
  attendance: [
    { authority: 'Nordsjællands Politi', present: true, attendees: 'Jens Hansen' },
    { authority: 'Psykiatrien', present: false },
  ],
  items: [
    {
      position: 1,
      title: 'Søren Ærø',
      decision: 'ACCEPT',
      note: 'Borgeren ønsker kontakt via sin bostøtte.',
      nextReviewDate: '2027-01-12',
      steps: [{ description: 'Kontakt bostøtten om bolig', ownerAuthority: 'Gribskov Kommune', assignee: 'Mette Ørsted', dueDate: '2026-12-22' }],
    },
    { position: 2, title: 'Åse Øberg', decision: 'Drøftet; videreføres uændret', steps: [] },
  ],
  ...over,
});

describe('agendaPdf', () => {
  it('renders the forum, the Copenhagen date and time and one numbered section per item', async () => {
    const pdf = await agendaPdf(agenda());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages, title } = await textOf(pdf);
    expect(pages).toBe(1);
    expect(title).toBe('Dagsorden – PSP-møde: PSP Nordsjælland – PCB');
    expect(text).toContain('Dagsorden – PSP-møde');
    expect(text).toContain('PSP Nordsjælland – PCB');
    expect(text).toContain('tirsdag 8. december 2026 kl. 09:00');
    expect(text).toContain('Politigården, lokale 3');
    expect(text).toContain('Dagsorden låst');
    // In position order, numbered from 1.
    expect(text).toContain('1. Søren Ærø');
    expect(text).toContain('2. Åse Øberg');
    expect(text.indexOf('Søren Ærø')).toBeLessThan(text.indexOf('Åse Øberg'));
    expect(text).toContain('Ny indstilling, Overskredne eller blokerede handlinger');
    expect(text).toContain('Tovholder: Ikke fastlagt');
    expect(text).toContain('Tovholder: Nordsjællands Politi');
    expect(text).toContain('3 åbne, 1 overskreden, 2 blokerede');
  });

  it('gives the same bytes for the same input, with the meeting as the creation date', async () => {
    const [a, b] = [await agendaPdf(agenda()), await agendaPdf(agenda())];
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20261208080000Z)');
  });

  it('runs onto more pages with many items and numbers the pages', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ ...agenda().items[0]!, position: i + 1, title: `Fokusperson ${i + 1} – Ærø` }));
    const { text, pages } = await textOf(await agendaPdf(agenda({ items })));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('40. Fokusperson 40 – Ærø');
    expect(text).toContain(`Side ${pages} af ${pages}`);
  });

  it('marks every page confidential under §115, not for criminal investigation, with who exported it and when', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ ...agenda().items[0]!, position: i + 1, title: `Fokusperson ${i + 1}` }));
    for (const pdf of [await agendaPdf(agenda({ items })), await minutesPdf(minutes({ items: items.map((i) => ({ position: i.position, title: i.title, decision: 'CONTINUE', steps: [] })) }))]) {
      const pages = await pdfPagesOf(pdf);
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((page, n) => {
        for (const line of CONFIDENTIAL_MARKING) expect({ page: n + 1, marked: page.includes(line) }).toEqual({ page: n + 1, marked: true });
        expect(page).toContain(`Udskrevet mandag 7. december 2026 kl. 14:05 af Kirsten Koordinator, Nordsjællands Politi · Side ${n + 1} af ${pages.length}`);
      });
    }
    await expect(agendaPdf(agenda({ exportedBy: '' }))).rejects.toThrow(/exportedBy must be a non-empty text/);
    await expect(minutesPdf(minutes({ exportedAt: new Date('x') }))).rejects.toThrow(/exportedAt must be a valid date/);
  });

  it('rejects invalid input with a clear error', async () => {
    await expect(agendaPdf(agenda({ startsAt: new Date('x') }))).rejects.toThrow(ValidationError);
    await expect(agendaPdf(agenda({ startsAt: new Date('x') }))).rejects.toThrow(/startsAt must be a valid date/);
    await expect(agendaPdf(agenda({ forumName: '' }))).rejects.toThrow(/forumName must be a non-empty text/);
    await expect(agendaPdf(agenda({ items: [{ ...agenda().items[0]!, openSteps: -1 }] }))).rejects.toThrow(/items\[0\].openSteps/);
  });
});

describe('minutesPdf', () => {
  it('renders attendance, decisions, notes, next review and agreed steps; a draft says Udkast', async () => {
    const { text } = await textOf(await minutesPdf(minutes()));
    expect(text).toContain('Referat – PSP-møde');
    expect(text).toContain('PSP Nordsjælland – PCB');
    expect(text).toContain('Udkast');
    expect(text).toContain('Nordsjællands Politi: til stede (Jens Hansen)');
    expect(text).toContain('Psykiatrien: ikke til stede');
    expect(text).toContain('1. Søren Ærø');
    expect(text).toContain('2. Åse Øberg');
    expect(text).toContain('Beslutning: Optaget'); // the ACCEPT code, in Danish
    expect(text).toContain('Beslutning: Drøftet; videreføres uændret'); // free text as given
    expect(text).toContain('Borgeren ønsker kontakt via sin bostøtte.');
    expect(text).toContain('Næste opfølgning: 12. januar 2027');
    expect(text).toContain('Kontakt bostøtten om bolig – ansvarlig: Gribskov Kommune (Mette Ørsted), frist: 22. december 2026');
  });

  it('approved minutes are not a draft and date from the approval', async () => {
    const pdf = await minutesPdf(minutes({ approvedAt: new Date('2026-12-09T13:15:00Z') }));
    const { text } = await textOf(pdf);
    expect(text).not.toContain('Udkast');
    expect(text).toContain('Godkendt: onsdag 9. december 2026 kl. 14:15');
    expect(pdf.toString('latin1')).toContain('(D:20261209131500Z)');
  });

  it('rejects invalid input with a clear error', async () => {
    await expect(minutesPdf(minutes({ approvedAt: new Date(NaN) }))).rejects.toThrow(/approvedAt must be a valid date/);
    await expect(minutesPdf(minutes({ items: [{ ...minutes().items[0]!, decision: '' }] }))).rejects.toThrow(/items\[0\].decision must be a non-empty text/);
    await expect(minutesPdf(minutes({ attendance: [{ authority: 'Politi', present: 'yes' as never }] }))).rejects.toThrow(ValidationError);
  });
});

describe('pdfText', () => {
  it('keeps Danish letters and typographic signs, and replaces what Helvetica cannot show', () => {
    expect(pdfText('Søren Ærø – “Åse” € æøå ÆØÅ é ü')).toBe('Søren Ærø – “Åse” € æøå ÆØÅ é ü');
    expect(pdfText('Łukasz Wałęsa ő 🙂')).toBe('?ukasz Wa?esa o ?');
    expect(pdfText('a\tb\r\nc')).toBe('a b\nc');
  });
});
