import type { AuthorityKind, Role } from '@psp/domain';

/**
 * Reference data for Nordsjælland: the police district, the social services of its 13
 * municipalities and the two psychiatric centres. Which municipality a centre serves is data:
 * this demo split puts Egedal and Gentofte (known) and their neighbours with PCB, the rest with
 * PCH; operators change it through the admin API.
 */
export interface SeedAuthority {
  code: string;
  name: string;
  kind: AuthorityKind;
}

const MUNICIPALITIES: [code: string, name: string][] = [
  ['allerod', 'Allerød'],
  ['egedal', 'Egedal'],
  ['fredensborg', 'Fredensborg'],
  ['frederikssund', 'Frederikssund'],
  ['furesoe', 'Furesø'],
  ['gentofte', 'Gentofte'],
  ['gribskov', 'Gribskov'],
  ['halsnaes', 'Halsnæs'],
  ['helsingoer', 'Helsingør'],
  ['hilleroed', 'Hillerød'],
  ['hoersholm', 'Hørsholm'],
  ['lyngby-taarbaek', 'Lyngby-Taarbæk'],
  ['rudersdal', 'Rudersdal'],
];

export const SEED_AUTHORITIES: SeedAuthority[] = [
  { code: 'politi-nordsjaelland', name: 'Nordsjællands Politi', kind: 'POLICE' },
  ...MUNICIPALITIES.map(([code, name]) => ({
    code: `kommune-${code}`,
    name: `${name} Kommune, Socialforvaltningen`,
    kind: 'MUNICIPALITY' as const,
  })),
  { code: 'pcb', name: 'Psykiatrisk Center Ballerup', kind: 'PSYCHIATRY' },
  { code: 'pch', name: 'Psykiatrisk Center Nordsjælland (Hillerød)', kind: 'PSYCHIATRY' },
];

const PCB_MUNICIPALITIES = ['egedal', 'furesoe', 'gentofte', 'lyngby-taarbaek', 'rudersdal'];

export interface SeedForum {
  code: string;
  name: string;
  authorityCodes: string[];
}

export const SEED_FORA: SeedForum[] = [
  {
    code: 'psp-pcb',
    name: 'PSP Nordsjælland – Psykiatrisk Center Ballerup',
    authorityCodes: ['politi-nordsjaelland', 'pcb', ...PCB_MUNICIPALITIES.map((m) => `kommune-${m}`)],
  },
  {
    code: 'psp-pch',
    name: 'PSP Nordsjælland – Psykiatrisk Center Nordsjælland',
    authorityCodes: [
      'politi-nordsjaelland',
      'pch',
      ...MUNICIPALITIES.map(([m]) => m)
        .filter((m) => !PCB_MUNICIPALITIES.includes(m))
        .map((m) => `kommune-${m}`),
    ],
  },
];

export interface SeedUser {
  username: string;
  displayName: string;
  authorityCode: string;
  roles: Role[];
  fora: string[];
}

export const SEED_USERS: SeedUser[] = [
  { username: 'admin', displayName: 'Anne Admin', authorityCode: 'politi-nordsjaelland', roles: ['ADMIN'], fora: [] },
  {
    username: 'koordinator.politi',
    displayName: 'Kasper Koordinator',
    authorityCode: 'politi-nordsjaelland',
    roles: ['COORDINATOR'],
    fora: ['psp-pcb', 'psp-pch'],
  },
  { username: 'koordinator.pcb', displayName: 'Karen Koordinator', authorityCode: 'pcb', roles: ['COORDINATOR'], fora: ['psp-pcb'] },
  {
    username: 'koordinator.hilleroed',
    displayName: 'Kim Koordinator',
    authorityCode: 'kommune-hilleroed',
    roles: ['COORDINATOR'],
    fora: ['psp-pch'],
  },
  { username: 'sagsbehandler.egedal', displayName: 'Sara Sagsbehandler', authorityCode: 'kommune-egedal', roles: ['CASEWORKER'], fora: [] },
  { username: 'sagsbehandler.hilleroed', displayName: 'Søren Sagsbehandler', authorityCode: 'kommune-hilleroed', roles: ['CASEWORKER'], fora: [] },
  { username: 'sagsbehandler.politi', displayName: 'Signe Sagsbehandler', authorityCode: 'politi-nordsjaelland', roles: ['CASEWORKER'], fora: [] },
  { username: 'sagsbehandler.pch', displayName: 'Simon Sagsbehandler', authorityCode: 'pch', roles: ['CASEWORKER'], fora: [] },
  { username: 'leder.egedal', displayName: 'Lene Leder', authorityCode: 'kommune-egedal', roles: ['SUPERVISOR'], fora: [] },
  { username: 'leder.politi', displayName: 'Lars Leder', authorityCode: 'politi-nordsjaelland', roles: ['SUPERVISOR'], fora: [] },
  { username: 'leder.pch', displayName: 'Lotte Leder', authorityCode: 'pch', roles: ['SUPERVISOR'], fora: [] },
  { username: 'revisor', displayName: 'Rikke Revisor', authorityCode: 'politi-nordsjaelland', roles: ['AUDITOR'], fora: [] },
];
