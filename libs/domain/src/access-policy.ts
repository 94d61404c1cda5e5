import { hasAnyRole, type Actor, type Role } from './identity';
import { STEP_ACTIONS, stepActionPossible, type StepAction, type StepStatus } from './step';

/**
 * Need-to-know access (DESIGN §6) as pure functions: the api asks them, logs their answer, and
 * never re-implements a rule. Purposes outside the PSP collaboration are refused.
 */
export const ACCESS_PURPOSES = [
  'PSP_CASE_PREPARATION',
  'PSP_COORDINATION',
  'TASK_HANDLING',
  'OVERSIGHT',
  'AUDIT',
  'RETENTION',
  'CITIZEN_ACCESS_REQUEST',
  'CRIMINAL_INVESTIGATION',
] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export function isAccessPurpose(x: unknown): x is AccessPurpose {
  return typeof x === 'string' && (ACCESS_PURPOSES as readonly string[]).includes(x);
}

export function checkPurpose(purpose: AccessPurpose): { allowed: true } | { allowed: false; reason: string } {
  if (purpose === 'CRIMINAL_INVESTIGATION') {
    return {
      allowed: false,
      reason: 'Information exchanged in the PSP collaboration must not be used to investigate criminal cases (Retsplejelovens §115 stk. 2)',
    };
  }
  return { allowed: true };
}

/**
 * The purposes each role may state for its use of personal data. `RETENTION` is the system's own
 * (anonymising after the retention period): no person states it. `AUDIT` and
 * `CITIZEN_ACCESS_REQUEST` are the auditor's: the log and a citizen's access report. A person with
 * several roles may state what any of them may.
 */
export const ROLE_PURPOSES: Readonly<Record<Role, readonly AccessPurpose[]>> = {
  COORDINATOR: ['PSP_CASE_PREPARATION', 'PSP_COORDINATION', 'TASK_HANDLING'],
  CASEWORKER: ['PSP_CASE_PREPARATION', 'TASK_HANDLING'],
  SUPERVISOR: ['PSP_CASE_PREPARATION', 'TASK_HANDLING', 'OVERSIGHT'],
  AUDITOR: ['AUDIT', 'CITIZEN_ACCESS_REQUEST'],
  ADMIN: [],
};

/**
 * The data controller's own supervisory control: the auditor reading the log and answering a
 * citizen's access request. A citizen's access report shows these uses as that control, not as a
 * use of the data by the auditor's authority (an auditor is a user of some authority, often the police).
 */
export const SUPERVISORY_PURPOSES: readonly AccessPurpose[] = ['AUDIT', 'CITIZEN_ACCESS_REQUEST'];

/** Purposes only the system itself acts for; a route may not accept them from a caller. */
export const SYSTEM_PURPOSES: readonly AccessPurpose[] = ['RETENTION'];

/** The purposes these roles may state, in ACCESS_PURPOSES order. */
export function purposesOfRoles(roles: readonly Role[]): AccessPurpose[] {
  return ACCESS_PURPOSES.filter((p) => roles.some((r) => ROLE_PURPOSES[r]?.includes(p)));
}

/** Of a route's purposes (its own first), those the caller's roles may state: what it may send in X-Purpose. */
export function allowedPurposes(roles: readonly Role[], routePurposes: readonly AccessPurpose[]): AccessPurpose[] {
  const mine = purposesOfRoles(roles);
  return routePurposes.filter((p) => mine.includes(p));
}

/**
 * The purpose a request states (or, without one, the first of the route's purposes the caller may
 * state), judged against §115 stk. 2, the route's purposes and the caller's roles. A refusal names
 * the purposes the caller may state on this route.
 */
export function decidePurpose(
  roles: readonly Role[],
  routePurposes: readonly AccessPurpose[],
  stated: AccessPurpose | undefined,
): { allowed: true; purpose: AccessPurpose } | { allowed: false; purpose: AccessPurpose; reason: string } {
  const allowed = allowedPurposes(roles, routePurposes);
  const purpose = stated ?? allowed[0] ?? routePurposes[0];
  const forbidden = checkPurpose(purpose);
  if (!forbidden.allowed) return { allowed: false, purpose, reason: forbidden.reason };
  if (allowed.includes(purpose)) return { allowed: true, purpose };
  const which = allowed.length > 0 ? `this route allows ${allowed.join(' or ')}` : 'no purpose of this route fits your roles';
  const why = SYSTEM_PURPOSES.includes(purpose)
    ? `${purpose} is the system’s own purpose`
    : routePurposes.includes(purpose)
      ? `your roles (${roles.join(', ')}) may not state ${purpose}`
      : `${purpose} does not fit this route`;
  return { allowed: false, purpose, reason: `Purpose refused: ${why}; ${which} (X-Purpose)` };
}

export const REGISTER_ACTIONS = [
  'NOMINATE',
  'LIST',
  'SEARCH',
  'READ',
  'REVEAL_CPR',
  'UPDATE',
  'DECIDE',
  'SET_LEAD_AUTHORITY',
  'RECORD_INFORMATION_DECISION',
] as const;
export type RegisterAction = (typeof REGISTER_ACTIONS)[number];

/** An actor with the fora they are a member of. */
export interface ActorContext extends Actor {
  forumIds: string[];
}

/** The forum a register record belongs to, with its member authorities. */
export interface ForumScope {
  forumId: string;
  memberAuthorityIds: string[];
}

/** `hide`: answer 404 — the caller may not even learn that the record exists. Otherwise 403. */
export type AccessDecision = { allowed: true } | { allowed: false; reason: string; hide: boolean };

const ALLOW: AccessDecision = { allowed: true };
const deny = (reason: string, hide = false): AccessDecision => ({ allowed: false, reason, hide });

export function decideRegisterAccess(actor: ActorContext, action: RegisterAction, forum: ForumScope): AccessDecision {
  if (action === 'NOMINATE') {
    if (!hasAnyRole(actor, ['COORDINATOR', 'CASEWORKER', 'SUPERVISOR'])) return deny(roleReason(actor));
    if (!forum.memberAuthorityIds.includes(actor.authorityId)) {
      return deny('Only staff of the forum’s member authorities may nominate to it; your authority is not a member');
    }
    return ALLOW;
  }
  if (!hasAnyRole(actor, ['COORDINATOR'])) return deny(roleReason(actor));
  if (!actor.forumIds.includes(forum.forumId)) return deny('You are not a member of this forum', true);
  return ALLOW;
}

function roleReason(actor: Actor): string {
  if (actor.roles.includes('ADMIN') && actor.roles.length === 1) return 'Administrators see no case data';
  if (actor.roles.includes('AUDITOR') && actor.roles.length === 1) return 'Auditors read the access log, not the cases';
  return 'Only coordinators of the forum work with the register; caseworkers and supervisors see their steps';
}

export const STEP_ACCESS = ['CREATE', 'READ', 'WORK', 'REASSIGN', 'CHANGE_DUE_DATE', 'CANCEL'] as const;
export type StepAccess = (typeof STEP_ACCESS)[number];

/** Who a step concerns: its assignee, its owner authority, and the forum of its fokusperson. */
export interface StepScope {
  assigneeUserId: string | null;
  ownerAuthorityId: string;
  forumId: string;
}

/**
 * Steps: the assignee works them (acknowledge, start, complete, block, resume); supervisors of
 * the owner authority oversee them and may reassign or move the due date; coordinators of the
 * forum create, reassign, move and cancel them. Anyone else may not learn the step exists (404).
 */
export function decideStepAccess(actor: ActorContext, access: StepAccess, step: StepScope): AccessDecision {
  const isAssignee = step.assigneeUserId === actor.userId;
  const isSupervisor = actor.roles.includes('SUPERVISOR') && actor.authorityId === step.ownerAuthorityId;
  const isCoordinator = actor.roles.includes('COORDINATOR') && actor.forumIds.includes(step.forumId);
  if (!isAssignee && !isSupervisor && !isCoordinator) return deny('This step is not yours, your authority’s or your forum’s', true);
  switch (access) {
    case 'READ':
      return ALLOW;
    case 'WORK':
      return isAssignee ? ALLOW : deny('Only the assignee works the step (acknowledge, start, complete, block, resume)');
    case 'REASSIGN':
    case 'CHANGE_DUE_DATE':
      return isSupervisor || isCoordinator ? ALLOW : deny('Only a supervisor of the owner authority or a coordinator of the forum may do this');
    case 'CREATE':
    case 'CANCEL':
      return isCoordinator ? ALLOW : deny('Only a coordinator of the forum may do this');
  }
}

/** The access each step action needs: the api's action routes ask decideStepAccess with it. */
export const STEP_ACTION_ACCESS: Record<StepAction, StepAccess> = {
  ACKNOWLEDGE: 'WORK',
  START: 'WORK',
  COMPLETE: 'WORK',
  BLOCK: 'WORK',
  RESUME: 'WORK',
  CANCEL: 'CANCEL',
  REASSIGN: 'REASSIGN',
  CHANGE_DUE_DATE: 'CHANGE_DUE_DATE',
};

/**
 * The actions this actor may take on the step now: those its status admits (the state machine)
 * and the actor's relation to it allows (decideStepAccess), so a client offers only what will
 * succeed. Empty for a closed step.
 */
export function allowedStepActions(actor: ActorContext, step: StepScope & { status: StepStatus }): StepAction[] {
  return STEP_ACTIONS.filter((action) => stepActionPossible(step.status, action) && decideStepAccess(actor, STEP_ACTION_ACCESS[action], step).allowed);
}

export const MEETING_ACCESS = ['VIEW', 'SETTINGS', 'PLAN', 'PREPARE', 'DECIDE'] as const;
export type MeetingAccess = (typeof MEETING_ACCESS)[number];

/**
 * Meetings: every member of the forum, and every caseworker and supervisor of its member
 * authorities (who are asked to attend without being members), sees when it meets (VIEW: dates,
 * place, status, the invite; no personal data). The forum's settings (its reminder policy) are its
 * members' (SETTINGS). Its coordinators plan it (cadence, extra meetings,
 * moving, cancelling, locking), prepare the case list and decide the minutes. Anyone else may not
 * learn the forum's meetings (404).
 */
export function decideMeetingAccess(actor: ActorContext, access: MeetingAccess, forum: ForumScope): AccessDecision {
  const member = actor.forumIds.includes(forum.forumId);
  const staffOfMemberAuthority = hasAnyRole(actor, ['CASEWORKER', 'SUPERVISOR']) && forum.memberAuthorityIds.includes(actor.authorityId);
  if (access === 'VIEW' && (member || staffOfMemberAuthority)) return ALLOW;
  if (!member) return deny('You are not a member of this forum', true);
  if (access === 'VIEW' || access === 'SETTINGS') return ALLOW;
  return actor.roles.includes('COORDINATOR') ? ALLOW : deny('Only the forum’s coordinators plan meetings, prepare the case list and decide the minutes');
}

/**
 * Who manages a forum's members (adds and removes its users): administrators through the admin
 * routes, and the forum's own coordinators. A coordinator of another forum may not learn it exists (404).
 */
export function decideForumMembershipChange(actor: ActorContext, forumId: string): AccessDecision {
  if (!actor.roles.includes('COORDINATOR')) return deny('Only the forum’s coordinators (or an administrator, under /api/v1/admin) manage its members');
  if (!actor.forumIds.includes(forumId)) return deny('You are not a member of this forum', true);
  return ALLOW;
}

/** The roles whose work a forum membership serves: administrators and auditors see no case work. */
export const FORUM_MEMBER_ROLES: readonly Role[] = ['COORDINATOR', 'CASEWORKER', 'SUPERVISOR'];

/** Why a coordinator may not add this user to the forum (null: they may), besides the user's authority being a member authority. */
export function forumMemberRefusal(user: { username: string; roles: readonly Role[]; active: boolean }): string | null {
  if (!user.active) return `User ${user.username} is deactivated`;
  if (!user.roles.some((r) => FORUM_MEMBER_ROLES.includes(r))) return `User ${user.username} is not a coordinator, caseworker or supervisor; an administrator decides other memberships`;
  return null;
}

/**
 * Purposes of access-log rows that no request states (they are not among ACCESS_PURPOSES, so the
 * X-Purpose header cannot name them): an administrator changing the organisation, a forum or a
 * staff account (no citizen data), and the system re-encrypting stored ciphertexts under a new key
 * (a change of the stored form only: nobody reads the content, and it does not change).
 */
export const ADMINISTRATION_PURPOSE = 'ADMINISTRATION';
export const KEY_MAINTENANCE_PURPOSE = 'KEY_MAINTENANCE';
