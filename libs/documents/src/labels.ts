/**
 * Danish wording for the codes the domain uses (meeting and fokusperson statuses, reasons a case
 * is on the list, decisions, authorities). A value that is not a known code is shown as given, so
 * callers may pass either a code or their own text.
 */
const LABELS: Readonly<Record<string, string>> = {
  // Meeting statuses
  PLANNED: 'Planlagt',
  AGENDA_LOCKED: 'Dagsorden låst',
  HELD: 'Afholdt',
  MINUTES_APPROVED: 'Referat godkendt',
  CANCELLED: 'Aflyst',
  // Why a case is on the list
  NEW_NOMINATION: 'Ny indstilling',
  REVIEW_DUE: 'Opfølgning',
  OVERDUE_OR_BLOCKED_STEPS: 'Overskredne eller blokerede handlinger',
  CARRIED_OVER: 'Overført fra tidligere møde',
  ADDED_BY_COORDINATOR: 'Tilføjet af koordinator',
  // Fokusperson statuses
  NOMINATED: 'Indstillet',
  ACTIVE: 'Aktiv',
  REJECTED: 'Afvist',
  CLOSED: 'Afsluttet',
  ANONYMISED: 'Anonymiseret',
  // Decisions on an agenda item
  ACCEPT: 'Optaget',
  REJECT: 'Afvist',
  CLOSE: 'Afsluttet',
  REOPEN: 'Genåbnet',
  CONTINUE: 'Fortsætter',
  CARRY_OVER: 'Overført til næste møde',
  // Authorities
  POLICE: 'Politi',
  MUNICIPALITY: 'Kommune',
  PSYCHIATRY: 'Psykiatri',
};

/** The Danish label for a domain code, or the text itself when it is not a known code. */
export function danishLabel(value: string): string {
  return Object.hasOwn(LABELS, value) ? (LABELS[value] as string) : value;
}
