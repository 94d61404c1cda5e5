import { ValidationError } from '@psp/domain';
import PDFDocument from 'pdfkit';
import { danishDateTime, danishLocalDate } from './danish-format';
import { danishLabel } from './labels';
import { pdfText } from './pdf-text';
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

export interface AgendaDocumentInput {
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

export interface MinutesDocumentInput {
  forumName: string;
  startsAt: Date;
  approvedAt: Date | null;
  attendance: { authority: string; present: boolean; attendees?: string | null }[];
  items: MinutesItemDocument[];
}

const AGENDA_TITLE = 'Dagsorden – PSP-møde';
const MINUTES_TITLE = 'Referat – PSP-møde';
const MARGIN = 56; // 2 cm
const FOOTER_GAP = 28;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MAX_COUNT = 100_000;

/**
 * The agenda of a meeting as a PDF (A4): the forum, the Copenhagen date and time, and one
 * numbered section per item (in `position` order, numbered 1, 2, 3 …) with the reasons it is on
 * the list, its status, the lead authority (tovholder) and its step counts. Known domain codes
 * (statuses, reasons, authorities) are shown in Danish; other text as given. The same input gives
 * the same bytes: the creation date is the meeting's start. Rejects invalid input with a ValidationError.
 */
export async function agendaPdf(input: AgendaDocumentInput): Promise<Buffer> {
  if (!input || typeof input !== 'object') throw new ValidationError('The agenda input must be an object');
  const forumName = requireText(input.forumName, 'forumName');
  const startsAt = requireInstant(input.startsAt, 'startsAt');
  const location = optionalText(input.location, 'location');
  const status = requireText(input.status, 'status');
  const items = byPosition(requireArray<AgendaItemDocument>(input.items, 'items').map(agendaItem));

  const doc = new Writer(`${AGENDA_TITLE}: ${forumName}`, startsAt);
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

  const doc = new Writer(`${MINUTES_TITLE}: ${forumName}`, approvedAt ?? startsAt);
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

/** A thin layer over pdfkit: A4, Helvetica, a fixed creation date, page numbers at the foot. */
class Writer {
  private readonly doc: PDFKit.PDFDocument;
  private readonly width: number;

  constructor(title: string, createdAt: Date) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      lang: 'da-DK',
      displayTitle: true,
      font: REGULAR,
      info: { Title: pdfText(title), Producer: 'PSP Koordinering', Creator: 'PSP Koordinering', CreationDate: createdAt },
    });
    this.width = this.doc.page.width - 2 * MARGIN;
  }

  title(title: string, forumName: string): void {
    this.doc.font(BOLD).fontSize(20).text(pdfText(title), { width: this.width });
    this.doc.moveDown(0.2);
    this.doc.font(BOLD).fontSize(14).text(pdfText(forumName), { width: this.width });
    this.doc.moveDown(0.6);
  }

  notice(text: string): void {
    this.doc.font(BOLD).fontSize(12).fillColor('#b00020').text(pdfText(text), { width: this.width }).fillColor('black');
    this.doc.moveDown(0.4);
  }

  section(heading: string): void {
    this.keepWithNext(80);
    this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(13).text(pdfText(heading), { width: this.width });
    this.doc.moveDown(0.2);
  }

  subsection(heading: string): void {
    this.keepWithNext(70);
    this.doc.moveDown(0.5);
    this.doc.font(BOLD).fontSize(11.5).text(pdfText(heading), { width: this.width });
    this.doc.moveDown(0.15);
  }

  field(label: string, value: string): void {
    this.doc.fontSize(10.5).font(BOLD).text(pdfText(`${label}: `), { width: this.width, continued: value !== '' });
    if (value !== '') this.doc.font(REGULAR).text(pdfText(value), { width: this.width });
  }

  paragraph(text: string): void {
    this.doc.font(REGULAR).fontSize(10.5).text(pdfText(text), { width: this.width });
  }

  bullet(text: string): void {
    const indent = 14;
    this.doc.font(REGULAR).fontSize(10.5);
    const y = this.doc.y;
    this.doc.text('•', MARGIN + 4, y, { lineBreak: false });
    this.doc.text(pdfText(text), MARGIN + indent, y, { width: this.width - indent });
    this.doc.x = MARGIN;
  }

  rule(): void {
    this.doc.moveDown(0.3);
    const y = this.doc.y;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.5).strokeColor('#888888').stroke();
    this.doc.moveDown(0.3);
  }

  /** Starts a new page when less than `height` points are left, so a heading never ends a page. */
  private keepWithNext(height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  finish(): Promise<Buffer> {
    const { start, count: pages } = this.doc.bufferedPageRange();
    for (let i = start; i < start + pages; i++) {
      this.doc.switchToPage(i);
      // The foot lies in the bottom margin: lift the margin while writing there, or pdfkit adds a page.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font(REGULAR)
        .fontSize(8.5)
        .fillColor('#555555')
        .text(`Side ${i - start + 1} af ${pages}`, MARGIN, this.doc.page.height - MARGIN + FOOTER_GAP / 2, { width: this.width, align: 'center', lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer | Uint8Array) => chunks.push(Buffer.from(chunk)));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
