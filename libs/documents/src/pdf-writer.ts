import { ValidationError } from '@psp/domain';
import PDFDocument from 'pdfkit';
import { danishDateTime } from './danish-format';
import { pdfText } from './pdf-text';
import { requireInstant, requireText } from './validate';

/** Who took a document out of the system, and when: printed on every page with the marking. */
export interface ExportMarking {
  /** The person's name and authority, e.g. "Kirsten Koordinator, Nordsjællands Politi". */
  exportedBy: string;
  exportedAt: Date;
}

/**
 * The marking a Danish authority puts on papers like these, at the head of every page: they are
 * confidential, carry personal data shared under Retsplejelovens §115, and may not be used to
 * investigate criminal cases (§115, stk. 2).
 */
export const CONFIDENTIAL_MARKING = [
  'FORTROLIGT – personoplysninger videregivet efter retsplejelovens § 115',
  'Må ikke anvendes til efterforskning af strafbare forhold',
] as const;

export function requireExport(input: Partial<ExportMarking>): ExportMarking {
  if (!input || typeof input !== 'object') throw new ValidationError('The document input must be an object');
  return { exportedBy: requireText(input.exportedBy, 'exportedBy'), exportedAt: requireInstant(input.exportedAt, 'exportedAt') };
}

/** How a document is marked. */
export interface PdfMarkingOptions {
  /**
   * The internal confidentiality marking at the head of every page (CONFIDENTIAL_MARKING); on by
   * default. Off for a letter to a citizen, which is not an internal paper.
   */
  internalMarking?: boolean;
}

const MARGIN = 56; // 2 cm
const FOOTER_GAP = 28;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/**
 * A thin layer over pdfkit: A4, Helvetica, a fixed creation date; on every page the confidentiality
 * marking at the head (unless `internalMarking` is false) and, at the foot, who exported it when
 * (when a marking is given: a letter to a citizen names no staff) and the page number.
 */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly width: number;

  constructor(
    title: string,
    createdAt: Date,
    private readonly marking: ExportMarking | null,
    private readonly options: PdfMarkingOptions = {},
  ) {
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
      const top = this.doc.page.margins.top;
      this.doc.page.margins.top = 0;
      this.doc.font(BOLD).fontSize(8).fillColor('#b00020');
      if (this.options.internalMarking !== false) {
        CONFIDENTIAL_MARKING.forEach((line, n) => this.doc.text(pdfText(line), MARGIN, MARGIN / 2 - 12 + n * 10, { width: this.width, align: 'center', lineBreak: false }));
      }
      const page = `Side ${i - start + 1} af ${pages}`;
      const exported = this.marking ? `Udskrevet ${danishDateTime(this.marking.exportedAt)} af ${this.marking.exportedBy} · ${page}` : page;
      this.doc
        .font(REGULAR)
        .fontSize(8.5)
        .fillColor('#555555')
        .text(pdfText(exported), MARGIN, this.doc.page.height - MARGIN + FOOTER_GAP / 2, { width: this.width, align: 'center', lineBreak: false });
      this.doc.page.margins.top = top;
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
