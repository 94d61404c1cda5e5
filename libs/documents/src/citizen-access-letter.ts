import { ValidationError } from '@psp/domain';
import { danishDate, danishLocalDate } from './danish-format';
import { PdfWriter } from './pdf-writer';
import { requireArray, requireInstant, requireText } from './validate';

/** One use of the citizen's data as the access report gives it: the day, who (an authority, the data controller's control, the system), what and why. No staff. */
export interface CitizenAccessUse {
  /** Europe/Copenhagen calendar date, YYYY-MM-DD. */
  date: string;
  authority: string | null;
  actedAs: 'AUTHORITY' | 'SUPERVISORY_CONTROL' | 'SYSTEM';
  action: string;
  purpose: string;
}

export interface CitizenAccessLetterInput {
  /** Who answers: the data controller's authority (no staff name). */
  sender: string;
  /** The reference the citizen may quote back (the fokusperson's id). */
  reference: string;
  /** The day of the letter; also the PDF's creation date, so the same input gives the same bytes. */
  writtenAt: Date;
  uses: CitizenAccessUse[];
}

const TITLE = 'Svar på din anmodning om indsigt';
const SUBTITLE = 'Brugen af dine oplysninger i PSP-samarbejdet';

/** What was done, as the citizen reads it. */
const ACTIONS: Readonly<Record<string, string>> = {
  READ: 'oplysningerne blev læst',
  SEARCH: 'oplysningerne blev fundet ved en søgning',
  CREATE: 'oplysningerne blev registreret',
  UPDATE: 'oplysningerne blev ændret',
  DELETE: 'oplysninger blev slettet',
  EXPORT: 'oplysningerne blev udskrevet eller udleveret',
  REVEAL: 'dit fulde CPR-nummer blev vist',
  ANONYMISE: 'oplysningerne blev anonymiseret',
};

/** Why, as the citizen reads it. */
const PURPOSES: Readonly<Record<string, string>> = {
  PSP_CASE_PREPARATION: 'forberedelse af et PSP-møde',
  PSP_COORDINATION: 'koordinering af indsatsen i PSP-samarbejdet',
  TASK_HANDLING: 'udførelse af en aftalt indsats',
  OVERSIGHT: 'ledelsens opfølgning på aftalte indsatser',
  AUDIT: 'kontrol af adgangsloggen',
  RETENTION: 'sletning efter reglerne om opbevaring',
  CITIZEN_ACCESS_REQUEST: 'besvarelse af en anmodning om indsigt',
  KEY_MAINTENANCE: 'teknisk vedligeholdelse (oplysningerne blev krypteret med en ny nøgle uden at blive læst)',
  ADMINISTRATION: 'administration af systemet',
};

const label = (labels: Readonly<Record<string, string>>, code: string, field: string): string => {
  if (!Object.hasOwn(labels, code)) throw new ValidationError(`${field} must be one of ${Object.keys(labels).join(', ')}`);
  return labels[code] as string;
};

interface Line {
  date: string;
  authority: string;
  action: string;
  purpose: string;
  times: number;
}

/** The uses as lines of the letter: the same day, authority, act and purpose once, with how many times. */
function lines(uses: readonly CitizenAccessUse[]): { authorities: Line[]; control: Line[] } {
  const authorities: Line[] = [];
  const control: Line[] = [];
  uses.forEach((u, i) => {
    const f = `uses[${i}]`;
    if (!u || typeof u !== 'object') throw new ValidationError(`${f} must be an object`);
    if (!['AUTHORITY', 'SUPERVISORY_CONTROL', 'SYSTEM'].includes(u.actedAs)) throw new ValidationError(`${f}.actedAs must be AUTHORITY, SUPERVISORY_CONTROL or SYSTEM`);
    const line = {
      date: danishLocalDate(requireText(u.date, `${f}.date`)),
      authority: u.authority === null ? 'Ukendt myndighed' : requireText(u.authority, `${f}.authority`),
      action: label(ACTIONS, u.action, `${f}.action`),
      purpose: label(PURPOSES, u.purpose, `${f}.purpose`),
      times: 1,
    };
    const list = u.actedAs === 'SUPERVISORY_CONTROL' ? control : authorities;
    const last = list[list.length - 1];
    if (last && last.date === line.date && last.authority === line.authority && last.action === line.action && last.purpose === line.purpose) last.times++;
    else list.push(line);
  });
  return { authorities, control };
}

const times = (n: number) => (n === 1 ? '' : ` (${n} gange)`);
const describe = (l: Line) => `${l.date}: ${l.authority} – ${l.action}${times(l.times)}. Formål: ${l.purpose}.`;

/**
 * A citizen's access report as a Danish letter (A4) the data controller can send: heading, date and
 * reference, an introduction, each day an authority used the citizen's data (what and why, never
 * who: no staff names), then the data controller's own control (reading the access log, answering
 * requests) apart from the authorities' use. A letter to a citizen, not an internal paper: no
 * confidentiality marking and no "printed by". Rejects invalid input with a ValidationError.
 */
export async function citizenAccessLetterPdf(input: CitizenAccessLetterInput): Promise<Buffer> {
  if (!input || typeof input !== 'object') throw new ValidationError('The letter input must be an object');
  const sender = requireText(input.sender, 'sender');
  const reference = requireText(input.reference, 'reference');
  const writtenAt = requireInstant(input.writtenAt, 'writtenAt');
  const { authorities, control } = lines(requireArray<CitizenAccessUse>(input.uses, 'uses'));

  const doc = new PdfWriter(TITLE, writtenAt, null, { internalMarking: false });
  doc.field('Afsender', sender);
  doc.field('Dato', danishDate(writtenAt));
  doc.field('Vores reference', reference);
  doc.rule();
  doc.paragraph(' ');
  doc.title(TITLE, SUBTITLE);
  doc.paragraph(
    'Du har bedt om at få at vide, hvornår og hvorfor dine oplysninger er blevet brugt i samarbejdet mellem politi, ' +
      'socialforvaltning og psykiatri (PSP-samarbejdet efter retsplejelovens § 115). Alle opslag i og ændringer af dine ' +
      'oplysninger bliver registreret. Her er en oversigt over dem: dato, myndighed, hvad der skete og formålet. ' +
      'Vi oplyser ikke navnene på de enkelte medarbejdere.',
  );

  doc.section('Myndighedernes brug af dine oplysninger');
  if (authorities.length === 0) doc.paragraph('Ingen myndighed har brugt dine oplysninger i PSP-samarbejdet i den periode, registreringen dækker.');
  for (const l of authorities) doc.bullet(describe(l));

  doc.section('Den dataansvarliges kontrol');
  doc.paragraph(
    'Den dataansvarlige kontrollerer, at dine oplysninger kun bruges lovligt, og har slået dine oplysninger op for at besvare din ' +
      'anmodning. Det er ikke en myndigheds brug af oplysningerne i PSP-samarbejdet.',
  );
  if (control.length === 0) doc.paragraph('Der er ikke registreret nogen kontrol.');
  for (const l of control) doc.bullet(describe(l));

  doc.section('Spørgsmål og klage');
  doc.paragraph(
    'Registreringen gemmes i en begrænset periode og slettes derefter automatisk; ældre brug kan derfor ikke ses. ' +
      'Har du spørgsmål til svaret, er du velkommen til at kontakte os. Er du uenig i, hvordan dine oplysninger er ' +
      'behandlet, kan du klage til Datatilsynet, www.datatilsynet.dk.',
  );
  doc.paragraph(' ');
  doc.paragraph('Med venlig hilsen');
  doc.paragraph(sender);
  return doc.finish();
}
