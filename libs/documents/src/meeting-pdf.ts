import { ValidationError } from '@psp/domain';
import { danishDateTime, danishLocalDate } from './danish-format';
import { danishLabel } from './labels';
import { PdfWriter, requireExport, type ExportMarking } from './pdf-writer';
import { optionalText, requireArray, requireInstant, requireInteger, requireText } from './validate';

export interface AgendaItemDocument {
  position: number;
  title: string;
  reasons: string[];
  status: string;
  leadAuthority: string | null;
  openSteps: number;
  overdueSteps: number;
  blockedSteps: number;
}

export interface AgendaDocumentInput extends ExportMarking {
  forumName: string;
  startsAt: Date;
  location?: string | null;
  status: string;
  items: AgendaItemDocument[];
}

export interface MinutesItemDocument {
  position: number;
  title: string;
  decision: string;
  note?: string | null;
  nextReviewDate?: string | null;
  steps: { description: string; ownerAuthority: string; assignee: string; dueDate: string }[];
}

export interface MinutesDocumentInput extends ExportMarking {
  forumName: string;
  startsAt: Date;
  approvedAt: Date | null;
  attendance: { authority: string; present: boolean; attendees?: string | null }[];
  items: MinutesItemDocument[];
}

const AGENDA_TITLE = 'Dagsorden – PSP-møde';
const MINUTES_TITLE = 'Referat – PSP-møde';
const MAX_COUNT = 100_000;

/**
 * The agenda of a meeting as a PDF (A4): the forum, the Copenhagen date and time, and one
 * numbered section per item (in `position` order, numbered 1, 2, 3 …) with the reasons it is on
 * the list, its status, the lead authority (tovholder) and its step counts. Known domain codes
 * (statuses, reasons, authorities) are shown in Danish; other text as given. Every page carries the
 * confidentiality marking and who exported it when (pdf-writer.ts). The same input gives the same
 * bytes: the creation date is the meeting's start. Rejects invalid input with a ValidationError.
 */
export async function agendaPdf(input: AgendaDocumentInput): Promise<Buffer> {
  if (!input || typeof input !== 'object') throw new ValidationError('The agenda input must be an object');
  const forumName = requireText(input.forumName, 'forumName');
  const startsAt = requireInstant(input.startsAt, 'startsAt');
  const location = optionalText(input.location, 'location');
  const status = requireText(input.status, 'status');
  const items = byPosition(requireArray<AgendaItemDocument>(input.items, 'items').map(agendaItem));

  const doc = new PdfWriter(`${AGENDA_TITLE}: ${forumName}`, startsAt, requireExport(input));
  doc.title(AGENDA_TITLE, forumName);
  doc.field('Tidspunkt', danishDateTime(startsAt));
  if (location) doc.field('Sted', location);
  doc.field('Status', danishLabel(status));
  doc.rule();
  if (items.length === 0) doc.paragraph('Der er ingen punkter på dagsordenen.');
  items.forEach((item, i) => {
    doc.section(`${i + 1}. ${item.title}`);
    doc.field('Begrundelse', item.reasons.length > 0 ? item.reasons.map(danishLabel).join(', ') : '–');
    doc.field('Status', danishLabel(item.status));
    doc.field('Tovholder', item.leadAuthority ? danishLabel(item.leadAuthority) : 'Ikke fastlagt');
    doc.field(
      'Handlinger',
      `${count(item.openSteps, 'åben', 'åbne')}, ${count(item.overdueSteps, 'overskreden', 'overskredne')}, ${count(item.blockedSteps, 'blokeret', 'blokerede')}`,
    );
  });
  return doc.finish();
}

/**
 * The minutes of a meeting as a PDF (A4): attendance per authority, then per item (in `position`
 * order) the decision, the note, the next review date and the agreed steps. Minutes without
 * `approvedAt` say "Udkast" at the top. The creation date is the approval, or the meeting's start
 * for a draft, so the same input gives the same bytes. Rejects invalid input with a ValidationError.
 */
export async function minutesPdf(input: MinutesDocumentInput): Promise<Buffer> {
  if (!input || typeof input !== 'object') throw new ValidationError('The minutes input must be an object');
  const forumName = requireText(input.forumName, 'forumName');
  const startsAt = requireInstant(input.startsAt, 'startsAt');
  const approvedAt = input.approvedAt === null || input.approvedAt === undefined ? null : requireInstant(input.approvedAt, 'approvedAt');
  const attendance = requireArray<MinutesDocumentInput['attendance'][number]>(input.attendance, 'attendance').map((a, i) => {
    if (!a || typeof a !== 'object') throw new ValidationError(`attendance[${i}] must be an object`);
    if (typeof a.present !== 'boolean') throw new ValidationError(`attendance[${i}].present must be true or false`);
    return { authority: requireText(a.authority, `attendance[${i}].authority`), present: a.present, attendees: optionalText(a.attendees, `attendance[${i}].attendees`) };
  });
  const items = byPosition(requireArray<MinutesItemDocument>(input.items, 'items').map(minutesItem));

  const doc = new PdfWriter(`${MINUTES_TITLE}: ${forumName}`, approvedAt ?? startsAt, requireExport(input));
  doc.title(MINUTES_TITLE, forumName);
  if (!approvedAt) doc.notice('Udkast – referatet er endnu ikke godkendt.');
  doc.field('Mødet', danishDateTime(startsAt));
  if (approvedAt) doc.field('Godkendt', danishDateTime(approvedAt));
  doc.rule();

  doc.section('Deltagere');
  if (attendance.length === 0) doc.paragraph('Fremmøde er ikke registreret.');
  for (const a of attendance) {
    const who = a.attendees ? ` (${a.attendees})` : '';
    doc.bullet(`${danishLabel(a.authority)}: ${a.present ? 'til stede' : 'ikke til stede'}${who}`);
  }

  doc.section('Punkter');
  if (items.length === 0) doc.paragraph('Der blev ikke behandlet nogen punkter.');
  items.forEach((item, i) => {
    doc.subsection(`${i + 1}. ${item.title}`);
    doc.field('Beslutning', danishLabel(item.decision));
    if (item.note) doc.field('Bemærkning', item.note);
    if (item.nextReviewDate) doc.field('Næste opfølgning', danishLocalDate(item.nextReviewDate));
    if (item.steps.length === 0) {
      doc.field('Aftalte handlinger', 'Ingen');
    } else {
      doc.field('Aftalte handlinger', '');
      for (const s of item.steps) {
        doc.bullet(`${s.description} – ansvarlig: ${danishLabel(s.ownerAuthority)} (${s.assignee}), frist: ${danishLocalDate(s.dueDate)}`);
      }
    }
  });
  return doc.finish();
}

function agendaItem(item: AgendaItemDocument, i: number): AgendaItemDocument {
  const f = `items[${i}]`;
  if (!item || typeof item !== 'object') throw new ValidationError(`${f} must be an object`);
  return {
    position: requireInteger(item.position, `${f}.position`, 0, MAX_COUNT),
    title: requireText(item.title, `${f}.title`),
    reasons: requireArray<string>(item.reasons, `${f}.reasons`).map((r, j) => requireText(r, `${f}.reasons[${j}]`)),
    status: requireText(item.status, `${f}.status`),
    leadAuthority: optionalText(item.leadAuthority, `${f}.leadAuthority`),
    openSteps: requireInteger(item.openSteps, `${f}.openSteps`, 0, MAX_COUNT),
    overdueSteps: requireInteger(item.overdueSteps, `${f}.overdueSteps`, 0, MAX_COUNT),
    blockedSteps: requireInteger(item.blockedSteps, `${f}.blockedSteps`, 0, MAX_COUNT),
  };
}

function minutesItem(item: MinutesItemDocument, i: number): MinutesItemDocument {
  const f = `items[${i}]`;
  if (!item || typeof item !== 'object') throw new ValidationError(`${f} must be an object`);
  return {
    position: requireInteger(item.position, `${f}.position`, 0, MAX_COUNT),
    title: requireText(item.title, `${f}.title`),
    decision: requireText(item.decision, `${f}.decision`),
    note: optionalText(item.note, `${f}.note`),
    nextReviewDate: optionalText(item.nextReviewDate, `${f}.nextReviewDate`),
    steps: requireArray<MinutesItemDocument['steps'][number]>(item.steps, `${f}.steps`).map((s, j) => {
      const g = `${f}.steps[${j}]`;
      if (!s || typeof s !== 'object') throw new ValidationError(`${g} must be an object`);
      return {
        description: requireText(s.description, `${g}.description`),
        ownerAuthority: requireText(s.ownerAuthority, `${g}.ownerAuthority`),
        assignee: requireText(s.assignee, `${g}.assignee`),
        dueDate: requireText(s.dueDate, `${g}.dueDate`),
      };
    }),
  };
}

function byPosition<T extends { position: number }>(items: T[]): T[] {
  return items.map((item, index) => ({ item, index })).sort((a, b) => a.item.position - b.item.position || a.index - b.index).map((x) => x.item);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
