import { AccessDeniedError, NotFoundError, type AccessDecision, type Actor, type ActorContext } from '@psp/domain';
import type { AuditRecorder, UseOfData } from './audited-transactions';

/** What the check needs of a guarded record; its repository loads these with the record, in the same query. */
export interface NeedToKnowFacts {
  /** The forum the record belongs to. */
  forumId: string;
  /** Whether the caller is a member of that forum. */
  actorIsMember: boolean;
}

export interface NeedToKnowRequest<R> {
  /** The record as loaded, or undefined when there is none (404). */
  record: R | undefined;
  /** What a 404 names: the kind of record and the id asked for. */
  kind: string;
  id: string;
  facts: (record: R) => NeedToKnowFacts;
  /** The domain's rule for this kind of record and action (libs/domain, access-policy). */
  decide: (actor: ActorContext, record: R) => AccessDecision;
  /** Where a refusal is logged as a DENIED row, and what it names (the route's resource type unless given). */
  audit?: AuditRecorder;
  logged?: (record: R) => Omit<UseOfData, 'detail'>;
}

/**
 * The one need-to-know check of every route that takes an id: no record is a 404; otherwise the
 * domain's rule decides with the caller's membership of the record's forum; a refusal is logged
 * (committed even though the work rolls back) and thrown as a 404 when the rule hides the
 * record's existence, else a 403 with the rule's reason.
 */
export function requireNeedToKnow<R>(actor: Actor, req: NeedToKnowRequest<R>): R {
  const { record } = req;
  if (record === undefined) throw new NotFoundError(req.kind, req.id);
  const { forumId, actorIsMember } = req.facts(record);
  const decision = req.decide({ ...actor, forumIds: actorIsMember ? [forumId] : [] }, record);
  if (decision.allowed) return record;
  req.audit?.deny({ ...req.logged?.(record), detail: decision.reason });
  if (decision.hide) throw new NotFoundError(req.kind, req.id);
  throw new AccessDeniedError(decision.reason);
}
