/** Danish texts of a meeting. */
export const texts = {
  title: 'PSP-møde',
  heading: (forum: string) => `Møde i ${forum}`,
  when: 'Tidspunkt',
  time: (date: string, from: string, to: string) => `${date} kl. ${from}–${to}`,
  where: 'Sted',
  noPlace: 'Stedet er ikke fastlagt endnu',
  status: 'Status',
  cases: 'Sager på dagsordenen',
  cancelled: (reason: string) => `Mødet er aflyst. Begrundelse: ${reason}`,
  cancelledNoReason: 'Mødet er aflyst.',
  invite: 'Hent mødeindkaldelsen til din kalender',
  inviteHint: 'Filen (.ics) kan åbnes i Outlook og andre kalenderprogrammer.',
  next: 'Næste skridt',
  nextEvents: {
    PREPARE: 'Koordinatoren forbereder dagsordenen',
    LOCK: 'Dagsordenen låses og sendes ud',
    HOLD: 'Mødet holdes',
    MINUTES_REMINDER: 'Påmindelse om referat',
  } as Record<string, string>,
  loadFailed: 'Mødet kunne ikke hentes',
} as const;
