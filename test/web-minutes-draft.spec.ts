import { ApiError } from '../apps/web/src/api/errors';
import type { MinutesView } from '../apps/web/src/features/meetings/api/meeting-types';
import { bodyFrom, decisionsFor, draftFrom, EMPTY_DRAFT, isVersionConflict, itemProblems, sameContent, unsavedItems, type MinutesDraft } from '../apps/web/src/features/meetings/components/minutes-draft';

/** The minutes editor's draft (web): what is offered, what is sent, and how a refusal is read. */
describe('the minutes draft (web)', () => {
  const step = { key: 'k1', description: 'Afklare bolig', ownerAuthorityId: 'a1', assigneeUserId: 'u1', dueDate: '2027-01-12' };
  const draft: MinutesDraft = {
    base: 4,
    dirty: true,
    attendance: { a1: { present: true, attendees: ' Lars Leder ' }, a2: { present: false, attendees: '' } },
    items: {
      i1: { decision: 'ACCEPT', reason: ' Kriterierne er opfyldt ', note: '', nextReviewDate: '2027-03-01', steps: [step, { ...step, key: 'k2', assigneeUserId: '' }] },
      i2: { decision: 'REJECT', reason: 'x', note: 'halvt skrevet', nextReviewDate: '', steps: [] },
      i3: { decision: 'CARRY_OVER', reason: 'Ikke nået', note: '', nextReviewDate: '2027-03-01', steps: [step] },
    },
  };

  it('offers only the decisions that fit the person’s status', () => {
    expect(decisionsFor('NOMINATED')).toEqual(['ACCEPT', 'REJECT', 'CARRY_OVER']);
    expect(decisionsFor('ACTIVE')).toEqual(['CONTINUE', 'CLOSE', 'CARRY_OVER']);
    expect(decisionsFor('CLOSED')).toEqual(['REOPEN']);
    expect(decisionsFor('ANONYMISED')).toEqual([]);
  });

  it('sends the version, attendance, and each decision with its reason; unfinished ones stay in the tab', () => {
    expect(bodyFrom(draft, ['i3', 'i2', 'i1'])).toEqual({
      version: 4,
      attendance: [
        { authorityId: 'a1', present: true, attendees: 'Lars Leder' },
        { authorityId: 'a2', present: false },
      ],
      items: [
        // Carried over: no review date or steps (those belong to a person who is or becomes active).
        { itemId: 'i3', decision: 'CARRY_OVER', reason: 'Ikke nået' },
        { itemId: 'i1', decision: 'ACCEPT', reason: 'Kriterierne er opfyldt', nextReviewDate: '2027-03-01', steps: [{ description: 'Afklare bolig', ownerAuthorityId: 'a1', assigneeUserId: 'u1', dueDate: '2027-01-12' }] },
      ],
    });
    expect(unsavedItems(draft)).toEqual(['i2']);
  });

  it('reads the saved minutes back as a draft saying the same', () => {
    const saved = {
      version: 5,
      attendance: [{ authorityId: 'a1', present: true, attendees: 'Lars Leder' }],
      items: [{ itemId: 'i1', decision: 'ACCEPT', reason: 'Kriterierne er opfyldt', note: null, nextReviewDate: null, steps: [{ description: 'Afklare bolig', ownerAuthorityId: 'a1', assigneeUserId: 'u1', dueDate: '2027-01-12' }] }],
    } as unknown as MinutesView;
    const back: MinutesDraft = { ...EMPTY_DRAFT, base: 3, dirty: true, ...draftFrom(saved) };
    expect(sameContent(back, saved)).toBe(true);
    expect(sameContent({ ...back, items: { i1: { ...back.items['i1']!, note: 'mere' } } }, saved)).toBe(false);
  });

  it('tells another coordinator’s save from a refused decision, and puts each problem at its item in Danish', () => {
    expect(isVersionConflict(new ApiError(409, ['Someone else saved these minutes meanwhile (version 5; your draft was made from version 4): nothing was overwritten.']))).toBe(true);
    const status = new ApiError(409, ['items[1] (agenda item 2): Cannot accept a fokusperson who is ACTIVE (allowed from NOMINATED)']);
    expect(isVersionConflict(status)).toBe(false);
    expect(itemProblems(status, ['i3', 'i1'])).toEqual({ byItem: { i1: 'Beslutningen passer ikke til personens status. Vælg en anden.' }, general: null });
    const review = new ApiError(422, ['items[0] (agenda item 1): nextReviewDate must be after the meeting (2026-12-07)']);
    expect(itemProblems(review, ['i1']).byItem['i1']).toMatch(/^Næste gennemgang skal ligge efter mødet/);
    expect(itemProblems(new ApiError(503, []), ['i1'])).toEqual({ byItem: {}, general: null });
  });
});
