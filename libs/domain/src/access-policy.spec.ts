import {
  ACCESS_PURPOSES,
  allowedPurposes,
  allowedStepActions,
  checkPurpose,
  decidePurpose,
  purposesOfRoles,
  ROLE_PURPOSES,
  decideRegisterAccess,
  isAccessPurpose,
  decideStepAccess,
  decideForumMembershipChange,
  decideMeetingAccess,
  MEETING_ACCESS,
  REGISTER_ACTIONS,
  type ActorContext,
  type RegisterAction,
} from './access-policy';
import { ROLES, type Role } from './identity';

const FORUM = { forumId: 'forum-pcb', memberAuthorityIds: ['egedal', 'pcb', 'politi'] };
const actor = (roles: Role[], authorityId: string, forumIds: string[]): ActorContext => ({ userId: 'u', username: 'u', roles, authorityId, forumIds });

type Expect = 'allow' | 403 | 404;
const outcome = (a: ActorContext, action: RegisterAction): Expect => {
  const d = decideRegisterAccess(a, action, FORUM);
  return d.allowed ? 'allow' : d.hide ? 404 : 403;
};

describe('register access: role × action × scope', () => {
  const callers: [string, ActorContext, (action: RegisterAction) => Expect][] = [
    ['admin', actor(['ADMIN'], 'politi', []), () => 403],
    ['auditor', actor(['AUDITOR'], 'politi', []), () => 403],
    ['coordinator, own forum', actor(['COORDINATOR'], 'pcb', ['forum-pcb']), () => 'allow'],
    ['coordinator, other forum, member authority', actor(['COORDINATOR'], 'politi', ['forum-pch']), (a) => (a === 'NOMINATE' ? 'allow' : 404)],
    ['coordinator, other forum and authority', actor(['COORDINATOR'], 'hilleroed', ['forum-pch']), (a) => (a === 'NOMINATE' ? 403 : 404)],
    ['caseworker, member authority', actor(['CASEWORKER'], 'egedal', []), (a) => (a === 'NOMINATE' ? 'allow' : 403)],
    ['caseworker, other authority', actor(['CASEWORKER'], 'hilleroed', []), () => 403],
    ['supervisor, member authority', actor(['SUPERVISOR'], 'egedal', []), (a) => (a === 'NOMINATE' ? 'allow' : 403)],
    ['supervisor, other authority', actor(['SUPERVISOR'], 'pch', []), () => 403],
    ['caseworker + coordinator, own forum', actor(['CASEWORKER', 'COORDINATOR'], 'egedal', ['forum-pcb']), () => 'allow'],
  ];

  for (const [name, a, expected] of callers) {
    it.each(REGISTER_ACTIONS.map((x) => [x]))(`${name}: %s`, (action) => {
      expect(outcome(a, action)).toBe(expected(action));
    });
  }

  it('says why', () => {
    const d = decideRegisterAccess(actor(['ADMIN'], 'politi', []), 'READ', FORUM);
    expect(d).toEqual({ allowed: false, hide: false, reason: 'Administrators see no case data' });
  });
});

describe('purposes', () => {
  it('refuses criminal investigation, citing §115 stk. 2', () => {
    const r = checkPurpose('CRIMINAL_INVESTIGATION');
    expect(r.allowed).toBe(false);
    expect(!r.allowed && r.reason).toMatch(/§115 stk\. 2/);
    expect(checkPurpose('PSP_COORDINATION')).toEqual({ allowed: true });
  });

  it('knows its purposes', () => {
    expect(isAccessPurpose('AUDIT')).toBe(true);
    expect(isAccessPurpose('CURIOSITY')).toBe(false);
    expect(isAccessPurpose(undefined)).toBe(false);
  });

  it('leaves RETENTION to the system and CRIMINAL_INVESTIGATION to no one', () => {
    for (const role of ROLES) {
      expect(ROLE_PURPOSES[role]).not.toContain('RETENTION');
      expect(ROLE_PURPOSES[role]).not.toContain('CRIMINAL_INVESTIGATION');
    }
    expect(purposesOfRoles([...ROLES])).toEqual(ACCESS_PURPOSES.filter((p) => p !== 'RETENTION' && p !== 'CRIMINAL_INVESTIGATION'));
  });

  it('gives AUDIT and CITIZEN_ACCESS_REQUEST to auditors alone, and administrators no purpose', () => {
    for (const role of ROLES.filter((r) => r !== 'AUDITOR')) {
      expect(purposesOfRoles([role])).not.toContain('AUDIT');
      expect(purposesOfRoles([role])).not.toContain('CITIZEN_ACCESS_REQUEST');
    }
    expect(purposesOfRoles(['AUDITOR'])).toEqual(['AUDIT', 'CITIZEN_ACCESS_REQUEST']);
    expect(purposesOfRoles(['ADMIN'])).toEqual([]);
  });

  it('lets a caller state only the route’s purposes that the caller’s roles may state, the route’s own first', () => {
    const reads = ['PSP_COORDINATION', 'PSP_CASE_PREPARATION'] as const;
    expect(allowedPurposes(['COORDINATOR'], reads)).toEqual(['PSP_COORDINATION', 'PSP_CASE_PREPARATION']);
    expect(allowedPurposes(['CASEWORKER'], reads)).toEqual(['PSP_CASE_PREPARATION']);
    expect(allowedPurposes(['CASEWORKER', 'SUPERVISOR'], ['OVERSIGHT', 'PSP_COORDINATION'])).toEqual(['OVERSIGHT']);
    expect(allowedPurposes(['COORDINATOR'], ['OVERSIGHT', 'PSP_COORDINATION'])).toEqual(['PSP_COORDINATION']);
  });

  it('takes the first purpose the caller may state when none is stated', () => {
    expect(decidePurpose(['COORDINATOR'], ['PSP_COORDINATION', 'PSP_CASE_PREPARATION'], undefined)).toEqual({ allowed: true, purpose: 'PSP_COORDINATION' });
    expect(decidePurpose(['COORDINATOR'], ['OVERSIGHT', 'PSP_COORDINATION'], undefined)).toEqual({ allowed: true, purpose: 'PSP_COORDINATION' });
    expect(decidePurpose(['SUPERVISOR'], ['OVERSIGHT', 'PSP_COORDINATION'], undefined)).toEqual({ allowed: true, purpose: 'OVERSIGHT' });
  });

  it('accepts a stated purpose the route and the roles allow', () => {
    expect(decidePurpose(['COORDINATOR'], ['PSP_COORDINATION', 'PSP_CASE_PREPARATION'], 'PSP_CASE_PREPARATION')).toEqual({ allowed: true, purpose: 'PSP_CASE_PREPARATION' });
    expect(decidePurpose(['AUDITOR'], ['AUDIT', 'CITIZEN_ACCESS_REQUEST'], 'CITIZEN_ACCESS_REQUEST')).toEqual({ allowed: true, purpose: 'CITIZEN_ACCESS_REQUEST' });
  });

  it('refuses any other purpose, naming the ones allowed', () => {
    const refused = (roles: Role[], route: Parameters<typeof decidePurpose>[1], stated: Parameters<typeof decidePurpose>[2]) => {
      const d = decidePurpose(roles, route, stated);
      if (d.allowed) throw new Error(`${stated} was allowed`);
      expect(d.purpose).toBe(stated);
      return d.reason;
    };
    const reads = ['PSP_COORDINATION', 'PSP_CASE_PREPARATION'] as const;
    expect(refused(['COORDINATOR'], reads, 'RETENTION')).toBe(
      'Purpose refused: RETENTION is the system’s own purpose; this route allows PSP_COORDINATION or PSP_CASE_PREPARATION (X-Purpose)',
    );
    expect(refused(['COORDINATOR'], reads, 'AUDIT')).toMatch(/AUDIT does not fit this route; this route allows PSP_COORDINATION or PSP_CASE_PREPARATION/);
    expect(refused(['COORDINATOR'], reads, 'TASK_HANDLING')).toMatch(/TASK_HANDLING does not fit this route/);
    expect(refused(['COORDINATOR'], ['AUDIT', 'CITIZEN_ACCESS_REQUEST'], 'AUDIT')).toMatch(/your roles \(COORDINATOR\) may not state AUDIT; no purpose of this route fits your roles/);
    expect(refused(['AUDITOR'], ['AUDIT', 'CITIZEN_ACCESS_REQUEST'], 'RETENTION')).toMatch(/system’s own purpose; this route allows AUDIT or CITIZEN_ACCESS_REQUEST/);
    expect(refused(['COORDINATOR'], reads, 'CRIMINAL_INVESTIGATION')).toMatch(/§115 stk\. 2/);
  });
});

describe('step access', () => {
  const step = { assigneeUserId: 'assignee', ownerAuthorityId: 'egedal', forumId: 'forum-pcb' };
  const who = (userId: string, roles: Role[], authorityId: string, forumIds: string[] = []) => ({ userId, username: userId, roles, authorityId, forumIds });
  const out = (a: ActorContext, access: Parameters<typeof decideStepAccess>[1]) => {
    const d = decideStepAccess(a, access, step);
    return d.allowed ? 'allow' : d.hide ? 404 : 403;
  };
  const cases: [string, ActorContext, Record<string, 'allow' | 403 | 404>][] = [
    ['assignee', who('assignee', ['CASEWORKER'], 'egedal'), { CREATE: 403, READ: 'allow', WORK: 'allow', REASSIGN: 403, CHANGE_DUE_DATE: 403, CANCEL: 403 }],
    ['supervisor of the owner', who('s', ['SUPERVISOR'], 'egedal'), { CREATE: 403, READ: 'allow', WORK: 403, REASSIGN: 'allow', CHANGE_DUE_DATE: 'allow', CANCEL: 403 }],
    ['coordinator of the forum', who('c', ['COORDINATOR'], 'pcb', ['forum-pcb']), { CREATE: 'allow', READ: 'allow', WORK: 403, REASSIGN: 'allow', CHANGE_DUE_DATE: 'allow', CANCEL: 'allow' }],
    ['another caseworker', who('x', ['CASEWORKER'], 'egedal'), { CREATE: 404, READ: 404, WORK: 404, REASSIGN: 404, CHANGE_DUE_DATE: 404, CANCEL: 404 }],
    ['supervisor elsewhere', who('y', ['SUPERVISOR'], 'pch'), { CREATE: 404, READ: 404, WORK: 404, REASSIGN: 404, CHANGE_DUE_DATE: 404, CANCEL: 404 }],
    ['coordinator of another forum', who('z', ['COORDINATOR'], 'pch', ['forum-pch']), { CREATE: 404, READ: 404, WORK: 404, REASSIGN: 404, CHANGE_DUE_DATE: 404, CANCEL: 404 }],
    ['admin', who('a', ['ADMIN'], 'egedal'), { CREATE: 404, READ: 404, WORK: 404, REASSIGN: 404, CHANGE_DUE_DATE: 404, CANCEL: 404 }],
  ];
  it.each(cases)('%s', (_name, actor, expected) => {
    for (const [access, result] of Object.entries(expected)) expect({ access, result: out(actor, access as never) }).toEqual({ access, result });
  });
});

describe('allowed step actions: the status admits it and the actor may take it', () => {
  const scope = { assigneeUserId: 'assignee', ownerAuthorityId: 'egedal', forumId: 'forum-pcb' };
  const who = (userId: string, roles: Role[], authorityId: string, forumIds: string[] = []): ActorContext => ({ userId, username: userId, roles, authorityId, forumIds });
  const assignee = who('assignee', ['CASEWORKER'], 'egedal');
  const supervisor = who('s', ['SUPERVISOR'], 'egedal');
  const coordinator = who('c', ['COORDINATOR'], 'pcb', ['forum-pcb']);

  it('gives the assignee the work of the step’s status', () => {
    expect(allowedStepActions(assignee, { ...scope, status: 'ASSIGNED' })).toEqual(['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK']);
    expect(allowedStepActions(assignee, { ...scope, status: 'ACKNOWLEDGED' })).toEqual(['START', 'COMPLETE', 'BLOCK']);
    expect(allowedStepActions(assignee, { ...scope, status: 'IN_PROGRESS' })).toEqual(['COMPLETE', 'BLOCK']);
    expect(allowedStepActions(assignee, { ...scope, status: 'BLOCKED' })).toEqual(['RESUME']);
  });

  it('gives the owner’s supervisor reassign and due date, the forum’s coordinator also cancel, while open', () => {
    expect(allowedStepActions(supervisor, { ...scope, status: 'IN_PROGRESS' })).toEqual(['REASSIGN', 'CHANGE_DUE_DATE']);
    expect(allowedStepActions(supervisor, { ...scope, status: 'BLOCKED' })).toEqual(['REASSIGN', 'CHANGE_DUE_DATE']);
    expect(allowedStepActions(coordinator, { ...scope, status: 'ASSIGNED' })).toEqual(['CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
  });

  it('adds up the relations of an actor who is both assignee and supervisor', () => {
    const both = who('assignee', ['CASEWORKER', 'SUPERVISOR'], 'egedal');
    expect(allowedStepActions(both, { ...scope, status: 'BLOCKED' })).toEqual(['RESUME', 'REASSIGN', 'CHANGE_DUE_DATE']);
  });

  it('gives nobody anything on a closed step, and an outsider nothing at all', () => {
    for (const status of ['DONE', 'CANCELLED'] as const) {
      for (const actor of [assignee, supervisor, coordinator]) expect(allowedStepActions(actor, { ...scope, status })).toEqual([]);
    }
    expect(allowedStepActions(who('y', ['SUPERVISOR'], 'pch'), { ...scope, status: 'ASSIGNED' })).toEqual([]);
    expect(allowedStepActions(who('x', ['CASEWORKER'], 'egedal'), { ...scope, status: 'ASSIGNED' })).toEqual([]);
  });
});

describe('meeting access: role × access × scope', () => {
  const meeting = (a: ActorContext) => Object.fromEntries(MEETING_ACCESS.map((x) => [x, ((d) => (d.allowed ? 'allow' : d.hide ? 404 : 403))(decideMeetingAccess(a, x, FORUM))]));
  const viewOnly: Record<string, Expect> = { VIEW: 'allow', SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 };
  const cases: [string, ActorContext, Record<string, Expect>][] = [
    ['coordinator, own forum', actor(['COORDINATOR'], 'pcb', ['forum-pcb']), { VIEW: 'allow', SETTINGS: 'allow', PLAN: 'allow', PREPARE: 'allow', DECIDE: 'allow' }],
    ['coordinator of another forum, member authority', actor(['COORDINATOR'], 'politi', ['forum-pch']), { VIEW: 404, SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 }],
    // Staff of a member authority see the forum's meetings (not the case list) without being members.
    ['caseworker, member authority', actor(['CASEWORKER'], 'egedal', []), viewOnly],
    ['supervisor, member authority', actor(['SUPERVISOR'], 'egedal', []), viewOnly],
    ['caseworker, forum member', actor(['CASEWORKER'], 'egedal', ['forum-pcb']), { VIEW: 'allow', SETTINGS: 'allow', PLAN: 403, PREPARE: 403, DECIDE: 403 }],
    ['caseworker, other authority', actor(['CASEWORKER'], 'hilleroed', []), { VIEW: 404, SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 }],
    ['supervisor, other authority', actor(['SUPERVISOR'], 'pch', []), { VIEW: 404, SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 }],
    ['auditor of a member authority', actor(['AUDITOR'], 'politi', []), { VIEW: 404, SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 }],
    ['administrator of a member authority', actor(['ADMIN'], 'politi', []), { VIEW: 404, SETTINGS: 404, PLAN: 404, PREPARE: 404, DECIDE: 404 }],
  ];
  it.each(cases)('%s', (_name, a, expected) => expect(meeting(a)).toEqual(expected));
});

describe('forum membership changes', () => {
  const outcomeOf = (a: ActorContext) => ((d) => (d.allowed ? 'allow' : d.hide ? 404 : 403))(decideForumMembershipChange(a, 'forum-pcb'));
  it('lets the forum’s coordinators manage its members; hides the forum from other coordinators; refuses other roles', () => {
    expect(outcomeOf(actor(['COORDINATOR'], 'pcb', ['forum-pcb']))).toBe('allow');
    expect(outcomeOf(actor(['COORDINATOR'], 'politi', ['forum-pch']))).toBe(404);
    expect(outcomeOf(actor(['CASEWORKER'], 'egedal', ['forum-pcb']))).toBe(403);
    expect(outcomeOf(actor(['SUPERVISOR'], 'egedal', []))).toBe(403);
    expect(outcomeOf(actor(['ADMIN'], 'politi', []))).toBe(403);
  });
});
