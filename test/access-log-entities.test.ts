import { useForumStack, type ForumStack } from './support/forum-stack';
import { uniqueName } from './support/services';

const PERSONS = 500;

/**
 * One access-log event per use of personal data, naming every person it touched: a case list of
 * 500 is one row with 500 ids, and each of them stays findable, as Datatilsynet requires.
 */
describe('one access-log event per use, naming every person', () => {
  let s!: ForumStack;
  useForumStack({ name: 'log-entities', users: ['koordinator.pcb', 'revisor'], authorities: [] }, (stack) => (s = stack));

  it('finds a person shown only on a 500-person case list: by the auditor’s search by person and in the citizen’s report; the chain verifies', async () => {
    const { id: meetingId } = await s.extraMeeting();
    const persons: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < PERSONS; i = next++) persons[i] = await s.nominate(`Sagslistens Person ${i}`);
      }),
    );

    const requestId = uniqueName('case-list');
    const { body: agenda } = await s.as('koordinator.pcb', requestId).get(`/api/v1/meetings/${meetingId}/agenda`).expect(200);
    expect(agenda.items).toHaveLength(PERSONS);
    const rows = await s.db.dataSource.query(`SELECT action, resource_type, fokusperson_id, fokusperson_ids::text[] AS ids FROM access_log WHERE request_id = $1`, [requestId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'READ', resource_type: 'CaseList', fokusperson_id: null });
    expect([...rows[0].ids].sort()).toEqual([...persons].sort());

    // Someone on the list, used nowhere else since their nomination: the auditor finds the read, naming all 500.
    const someone = persons[PERSONS / 2]!;
    const { body: found } = await s.as('revisor').get(`/api/v1/audit/log?fokuspersonId=${someone}&action=READ`).expect(200);
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ action: 'READ', resourceType: 'CaseList', resourceId: meetingId, fokuspersonId: null, actorUsername: 'koordinator.pcb' });
    expect(found.items[0].fokuspersonIds).toHaveLength(PERSONS);
    expect(found.items[0].fokuspersonIds).toContain(someone);
    // An event about this one person keeps the one-person shape, and is found the same way.
    const { body: nominated } = await s.as('revisor').get(`/api/v1/audit/log?fokuspersonId=${someone}&action=CREATE`).expect(200);
    expect(nominated.items.map((i: { fokuspersonId: string; fokuspersonIds: string[] }) => [i.fokuspersonId, i.fokuspersonIds])).toEqual([[someone, [someone]]]);
    // The CSV export lists every person of the event.
    const csv = (await s.as('revisor').get(`/api/v1/audit/log.csv?fokuspersonId=${someone}&action=READ`).expect(200)).text;
    expect(csv.split('\r\n')[1]).toContain(persons[0]);

    // The citizen's report: by the coordinator's authority, the nomination and the case list's read (then the auditor's
    // own look-ups, as the data controller's control), without staff names.
    type Use = { action: string; actedAs: string; authority: string; purpose: string };
    const byAuthority = (uses: Use[]) => uses.filter((u) => u.actedAs === 'AUTHORITY').map((u) => [u.action, u.purpose]);
    const { body: report } = await s.as('revisor').get(`/api/v1/audit/fokuspersoner/${someone}/access-report`).expect(200);
    expect(byAuthority(report)).toEqual([
      ['CREATE', 'PSP_CASE_PREPARATION'],
      ['READ', 'PSP_CASE_PREPARATION'],
    ]);
    expect(new Set(report.filter((u: Use) => u.actedAs === 'AUTHORITY').map((u: Use) => u.authority))).toEqual(new Set(['Psykiatrisk Center Ballerup']));
    expect(JSON.stringify(report)).not.toMatch(/koordinator|Karen/);
    // Every other person on the list finds the same read in their own report.
    const { body: other } = await s.as('revisor').get(`/api/v1/audit/fokuspersoner/${persons[0]}/access-report`).expect(200);
    expect(byAuthority(other)).toEqual(byAuthority(report));

    const { body: verified } = await s.as('revisor').get('/api/v1/audit/verify').expect(200);
    expect(verified).toMatchObject({ ok: true });
  });
});
