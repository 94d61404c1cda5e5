import { AccessDeniedError, NotFoundError, type Actor } from '@psp/domain';
import { AuditRecorder } from './audited-transactions';
import { requireNeedToKnow, type NeedToKnowRequest } from './need-to-know';

const actor: Actor = { userId: 'u-1', username: 'koordinator.pcb', authorityId: 'a-1', roles: ['COORDINATOR'] };
const recorder = () => new AuditRecorder({ actor, action: 'READ', resourceType: 'Fokusperson', purpose: 'PSP_COORDINATION', requestId: 'r-1', clientAddress: null });
const record = { id: 'm-1', forum: 'f-1', member: true };
const request = (over: Partial<NeedToKnowRequest<typeof record>> = {}): NeedToKnowRequest<typeof record> => ({
  record,
  kind: 'Meeting',
  id: 'm-1',
  facts: (r) => ({ forumId: r.forum, actorIsMember: r.member }),
  decide: (a) => (a.forumIds.includes('f-1') ? { allowed: true } : { allowed: false, reason: 'You are not a member of this forum', hide: true }),
  logged: (r) => ({ resourceType: 'Meeting', resourceId: r.id }),
  ...over,
});

describe('requireNeedToKnow', () => {
  it('returns the record when the rule allows, with the caller in the record’s forum only as a member', () => {
    const audit = recorder();
    expect(requireNeedToKnow(actor, { ...request(), audit })).toBe(record);
    expect(audit.denied).toEqual([]);
    expect(() => requireNeedToKnow(actor, request({ record: { ...record, member: false } }))).toThrow(NotFoundError);
  });

  it('answers 404 for no record, and logs nothing', () => {
    const audit = recorder();
    expect(() => requireNeedToKnow(actor, { ...request({ record: undefined }), audit })).toThrow(new NotFoundError('Meeting', 'm-1'));
    expect(audit.denied).toEqual([]);
  });

  it('logs a hiding refusal as DENIED and answers 404', () => {
    const audit = recorder();
    expect(() => requireNeedToKnow(actor, { ...request({ record: { ...record, member: false } }), audit })).toThrow(NotFoundError);
    expect(audit.denied).toMatchObject([{ outcome: 'DENIED', resourceType: 'Meeting', resourceId: 'm-1', detail: 'You are not a member of this forum' }]);
  });

  it('logs an open refusal as DENIED and answers 403 with the rule’s reason', () => {
    const audit = recorder();
    const decide = () => ({ allowed: false as const, reason: 'Only the forum’s coordinators plan meetings', hide: false });
    expect(() => requireNeedToKnow(actor, { ...request({ decide }), audit })).toThrow(new AccessDeniedError('Only the forum’s coordinators plan meetings'));
    expect(audit.denied).toHaveLength(1);
  });
});
