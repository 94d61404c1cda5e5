/** Danish texts of the app frame: header, navigation, landing pages. */
export const texts = {
  appName: 'PSP Koordinering',
  tagline: 'Samarbejdet mellem politi, socialforvaltning og psykiatri',
  skipLink: 'Gå til indhold',
  menu: 'Menu',
  closeMenu: 'Luk menu',
  mainNav: 'Hovedmenu',
  user: 'Bruger',
  signedInAs: 'Logget ind som',
  nav: {
    tasks: 'Mine opgaver',
    oversight: 'Overblik',
    nominate: 'Indstil en borger',
    notifications: 'Beskeder',
  },
  unread: (n: number) => (n === 1 ? '1 ulæst' : `${n} ulæste`),
  redirecting: 'Sender dig videre til log ind …',
  meFailed: 'PSP Koordinering kunne ikke starte',
  notFound: {
    title: 'Siden findes ikke',
    body: 'Vi kan ikke finde den side, du leder efter. Måske er adressen skrevet forkert, eller siden er flyttet.',
    home: 'Gå til forsiden',
  },
  workspace: {
    title: 'Dit arbejdsområde er ikke i webappen endnu',
    auditor:
      'Som revisor arbejder du med adgangsloggen. Den kan endnu ikke ses i webappen. Indtil da kan du læse og kontrollere adgangsloggen gennem systemets API.',
    admin:
      'Som administrator arbejder du med brugere, myndigheder og PSP-fora. Det kan endnu ikke gøres i webappen. Indtil da kan du gøre det gennem systemets API.',
    docs: 'Åbn API-dokumentationen',
    docsHint: 'Dokumentationen (på adressen /docs) beskriver alle funktioner i API’et, og du kan afprøve dem der.',
    notificationsBefore: 'Dine beskeder kan du læse under ',
  },
  routeError: {
    title: 'Siden kunne ikke vises',
    body: 'Der opstod en fejl, da siden skulle vises. Det kan skyldes, at PSP Koordinering lige er blevet opdateret.',
    reload: 'Indlæs siden igen',
  },
  footer: 'PSP Koordinering behandler oplysninger efter Retsplejelovens §115. Oplysningerne må ikke bruges til efterforskning af straffesager.',
} as const;
