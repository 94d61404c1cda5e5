import { ConflictError, ValidationError } from './errors';
import { AUTHORITY_KINDS, type AuthorityKind } from './identity';

export const FOKUSPERSON_STATUSES = ['NOMINATED', 'ACTIVE', 'REJECTED', 'CLOSED', 'ANONYMISED'] as const;
export type FokuspersonStatus = (typeof FOKUSPERSON_STATUSES)[number];

export const FOKUSPERSON_DECISIONS = ['ACCEPT', 'REJECT', 'CLOSE', 'REOPEN', 'ANONYMISE'] as const;
export type FokuspersonDecision = (typeof FOKUSPERSON_DECISIONS)[number];

/** The register's state machine: decision → [allowed from, leads to]. */
const TRANSITIONS: Record<FokuspersonDecision, { from: FokuspersonStatus[]; to: FokuspersonStatus; verb: string }> = {
  ACCEPT: { from: ['NOMINATED'], to: 'ACTIVE', verb: 'accept' },
  REJECT: { from: ['NOMINATED'], to: 'REJECTED', verb: 'reject' },
  CLOSE: { from: ['ACTIVE'], to: 'CLOSED', verb: 'close' },
  // Reopening a closed course is a decision at a meeting.
  REOPEN: { from: ['CLOSED'], to: 'ACTIVE', verb: 'reopen' },
  ANONYMISE: { from: ['CLOSED', 'REJECTED'], to: 'ANONYMISED', verb: 'anonymise' },
};

export function nextFokuspersonStatus(from: FokuspersonStatus, decision: FokuspersonDecision): FokuspersonStatus {
  const t = TRANSITIONS[decision];
  if (!t.from.includes(from)) {
    throw new ConflictError(`Cannot ${t.verb} a fokusperson who is ${from} (allowed from ${t.from.join(' or ')})`);
  }
  return t.to;
}

/** An open person blocks a second nomination of the same CPR in the same forum. */
export function isOpenStatus(status: FokuspersonStatus): boolean {
  return status === 'NOMINATED' || status === 'ACTIVE';
}

export function isPersonalDataErased(status: FokuspersonStatus): boolean {
  return status === 'ANONYMISED';
}

export const INCLUSION_CHALLENGES = ['PSYCHIATRIC_DIAGNOSIS', 'SUBSTANCE_ABUSE', 'OTHER_CHALLENGE'] as const;
export type Challenge = (typeof INCLUSION_CHALLENGES)[number];

/** Why a citizen is brought to the forum: a challenge, frequent contact with the authorities, and a reason. */
export interface InclusionCriteria {
  challenges: Challenge[];
  frequentContactWith: AuthorityKind[];
  reason: string;
}

export function validateInclusionCriteria(input: InclusionCriteria): InclusionCriteria {
  const challenges = input?.challenges ?? [];
  const contacts = input?.frequentContactWith ?? [];
  if (!Array.isArray(challenges) || challenges.length === 0) {
    throw new ValidationError('criteria.challenges must name at least one challenge (psychiatric diagnosis, substance abuse or other)');
  }
  if (!challenges.every((c) => (INCLUSION_CHALLENGES as readonly string[]).includes(c))) {
    throw new ValidationError(`criteria.challenges may only contain ${INCLUSION_CHALLENGES.join(', ')}`);
  }
  if (new Set(challenges).size !== challenges.length) throw new ValidationError('criteria.challenges must not repeat a challenge');
  if (!Array.isArray(contacts) || contacts.length === 0) {
    throw new ValidationError('criteria.frequentContactWith must name at least one authority kind (police, municipality or psychiatry)');
  }
  if (!contacts.every((c) => (AUTHORITY_KINDS as readonly string[]).includes(c))) {
    throw new ValidationError(`criteria.frequentContactWith may only contain ${AUTHORITY_KINDS.join(', ')}`);
  }
  if (new Set(contacts).size !== contacts.length) throw new ValidationError('criteria.frequentContactWith must not repeat an authority kind');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  // Counted in code points, as the api's text rules and JSON Schema count.
  const length = [...reason].length;
  if (length < 10 || length > 2000) throw new ValidationError('criteria.reason must be 10-2000 characters');
  return { challenges: [...challenges], frequentContactWith: [...contacts], reason };
}

/** Retention is a decision of the data controller: these are the safe defaults, configurable. */
export interface RetentionPolicy {
  afterRejectionDays: number;
  afterClosureMonths: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { afterRejectionDays: 30, afterClosureMonths: 24 };

/** When a rejected or closed person's personal data must be anonymised (UTC; months clamp to the month's end). */
export function retentionDeadline(status: 'REJECTED' | 'CLOSED', decidedAt: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Date {
  if (status === 'REJECTED') return new Date(decidedAt.getTime() + policy.afterRejectionDays * 24 * 60 * 60 * 1000);
  const d = new Date(decidedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + policy.afterClosureMonths);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** A nomination nobody has decided on this many days after it was made is rejected by the system (storage limitation). */
export const DEFAULT_NOMINATION_EXPIRY_DAYS = 90;

/** Nominations made before this instant and still undecided at `asOf` have expired. */
export function nominationExpiryCutoff(asOf: Date, expiryDays: number): Date {
  return new Date(asOf.getTime() - expiryDays * 24 * 60 * 60 * 1000);
}

/** The reason the system records when it rejects an expired nomination (plaintext: never personal data). */
export function nominationExpiryReason(expiryDays: number): string {
  return `not decided within ${expiryDays} days`;
}

/** Why a person's open steps were cancelled, by what happened to the person: in each step's history. */
export const STEPS_CANCELLED_BECAUSE = {
  CLOSED: 'fokusperson closed',
  REJECTED: 'fokusperson rejected',
  ANONYMISED: 'fokusperson anonymised',
} as const satisfies Partial<Record<FokuspersonStatus, string>>;
