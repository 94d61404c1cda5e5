/** Danish texts of the inbox (Beskeder). */
export const texts = {
  title: 'Beskeder',
  intro: 'Her er beskeder fra PSP Koordinering til dig: nye opgaver, påmindelser om frister og møder.',
  empty: 'Du har ingen beskeder.',
  allRead: 'Du har ingen ulæste beskeder.',
  unreadCount: (n: number) => (n === 1 ? 'Du har 1 ulæst besked.' : `Du har ${n} ulæste beskeder.`),
  unread: 'Ulæst',
  read: 'Læst',
  received: 'Modtaget',
  markRead: 'Markér som læst',
  markReadFor: (subject: string) => `Markér som læst: ${subject}`,
  marked: (subject: string) => `Beskeden „${subject}“ er markeret som læst.`,
  open: 'Åbn',
  loadFailed: 'Beskederne kunne ikke hentes',
  markFailed: 'Beskeden kunne ikke markeres som læst',
  badge: (n: number) => (n === 1 ? '1 ulæst besked' : `${n} ulæste beskeder`),
} as const;
