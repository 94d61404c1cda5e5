/** Danish texts of sign-in, the session and the user's identity. */
export const texts = {
  logOut: 'Log ud',
  logIn: 'Log ind igen',
  loggingOut: 'Logger ud …',
  logoutFailed: 'Du kunne ikke logges ud lige nu. Prøv igen om lidt.',
  expiring: {
    heading: 'Du bliver snart logget ud',
    body: (time: string) => `Du har ikke brugt PSP Koordinering et stykke tid. Af sikkerhedshensyn bliver du logget ud kl. ${time}.`,
    absolute: (time: string) =>
      `Du har været logget ind længe. Af sikkerhedshensyn bliver du logget ud kl. ${time}, og du skal logge ind igen for at fortsætte.`,
    kept: 'Det, du har skrevet, bliver gemt i denne fane og kommer frem igen, når du er logget ind.',
    stay: 'Forbliv logget ind',
    ok: 'OK',
    extendFailed: 'Du kunne ikke forblive logget ind. Prøv igen.',
  },
  ended: {
    heading: 'Du er blevet logget ud',
    body: 'Du er blevet logget ud, fordi du ikke har brugt PSP Koordinering et stykke tid, eller fordi din adgang er ændret.',
    kept: 'Det, du har skrevet, er gemt i denne fane og kommer frem igen, når du har logget ind.',
  },
  noAccess: {
    title: 'Du har ikke adgang til PSP Koordinering',
    body: 'Du er logget ind, men din adgang til PSP Koordinering er ikke oprettet endnu.',
    whatToDo:
      'Bed din PSP-administrator om at oprette dig som bruger. Det er PSP-koordinatoren eller IT-kontaktpersonen i din myndighed.',
    afterwards: 'Når din adgang er oprettet, kan du logge ind igen.',
  },
  loggedOut: {
    title: 'Du er logget ud',
    loginFailed: 'Du blev ikke logget ind. Log ind igen: Det kan skyldes, at det tog for lang tid, eller at du startede i et andet vindue.',
    providerDown: 'Login-tjenesten svarer ikke lige nu, så du kunne ikke logges ind. Prøv igen om lidt.',
    body: 'Du er logget ud af PSP Koordinering. Luk browseren, hvis du bruger en computer, som andre også bruger.',
  },
} as const;
