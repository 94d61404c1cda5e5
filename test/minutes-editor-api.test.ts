import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/**
 * The two small routes the minutes editor needs: whom a step can be given to (a forum's member
 * authorities and their active caseworkers; its coordinators only, no citizen data) and which days
 * of a period are not business days (weekends, Danish public holidays, days offices close).
 */
describe('minutes editor helpers', () => {
  let db: TestDatabase;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  let pcb: string, pch: string;
  const as = (user: string) => ({ get: (path: string) => request(api.http).get(path).set('Authorization', tokens[user]!) });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('minutes-editor') });
    for (const u of ['koordinator.pcb', 'koordinator.hilleroed', 'sagsbehandler.egedal', 'revisor', 'admin']) tokens[u] = `Bearer ${await api.tokenFor(u)}`;
    [{ id: pcb }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [{ id: pch }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pch'`);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('lists the member authorities of the forum with their active caseworkers, staff only', async () => {
    const res = await as('koordinator.pcb').get(`/api/v1/forums/${pcb}/assignees`).expect(200);
    const byName = new Map((res.body as { authority: { name: string }; users: { id: string; displayName: string }[] }[]).map((a) => [a.authority.name, a.users]));
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM forum_authority WHERE forum_id = $1`, [pcb]);
    expect(byName.size).toBe(n);
    const [egedal] = await db.dataSource.query(`SELECT a.name, u.id, u.display_name FROM app_user u JOIN authority a ON a.id = u.authority_id WHERE u.username = 'sagsbehandler.egedal'`);
    expect(byName.get(egedal.name)).toEqual([{ id: egedal.id, displayName: egedal.display_name }]);
    // Coordinators and supervisors are not offered; a deactivated caseworker disappears at once.
    const names = [...byName.values()].flat().map((u) => u.displayName);
    const [{ display_name: coordinatorName }] = await db.dataSource.query(`SELECT display_name FROM app_user WHERE username = 'koordinator.pcb'`);
    expect(names).not.toContain(coordinatorName);
    await db.dataSource.query(`UPDATE app_user SET active = false WHERE username = 'sagsbehandler.egedal'`);
    const after = await as('koordinator.pcb').get(`/api/v1/forums/${pcb}/assignees`).expect(200);
    expect(JSON.stringify(after.body)).not.toContain(egedal.id);
    await db.dataSource.query(`UPDATE app_user SET active = true WHERE username = 'sagsbehandler.egedal'`);
    expect(JSON.stringify(res.body)).not.toMatch(/cpr|fokusperson/i);
  });

  it('refuses everyone but the forum’s coordinators', async () => {
    await as('koordinator.hilleroed').get(`/api/v1/forums/${pcb}/assignees`).expect(404);
    await as('koordinator.hilleroed').get(`/api/v1/forums/${pch}/assignees`).expect(200);
    await as('sagsbehandler.egedal').get(`/api/v1/forums/${pcb}/assignees`).expect(403);
    await as('revisor').get(`/api/v1/forums/${pcb}/assignees`).expect(403);
    await as('admin').get(`/api/v1/forums/${pcb}/assignees`).expect(403);
    await as('koordinator.pcb').get(`/api/v1/forums/00000000-0000-4000-8000-000000000000/assignees`).expect(404);
    await as('koordinator.pcb').get(`/api/v1/forums/not-a-uuid/assignees`).expect(400);
    await request(api.http).get(`/api/v1/forums/${pcb}/assignees`).expect(401);
  });

  it('names the weekends and holidays of a period', async () => {
    // Christmas and New Year 2026/27: 24 Dec (offices closed), 25-26 Dec, 31 Dec, 1 Jan, and the weekends.
    const res = await as('sagsbehandler.egedal').get('/api/v1/calendar/closed-days?from=2026-12-21&to=2027-01-04').expect(200);
    expect(res.body).toEqual([
      { date: '2026-12-24', kind: 'HOLIDAY' },
      { date: '2026-12-25', kind: 'HOLIDAY' },
      { date: '2026-12-26', kind: 'WEEKEND' },
      { date: '2026-12-27', kind: 'WEEKEND' },
      { date: '2026-12-31', kind: 'HOLIDAY' },
      { date: '2027-01-01', kind: 'HOLIDAY' },
      { date: '2027-01-02', kind: 'WEEKEND' },
      { date: '2027-01-03', kind: 'WEEKEND' },
    ]);
    // Easter 2027: Maundy Thursday 25 March to Easter Monday 29 March.
    const easter = await as('koordinator.pcb').get('/api/v1/calendar/closed-days?from=2027-03-25&to=2027-03-29').expect(200);
    expect(easter.body.map((d: { date: string }) => d.date)).toEqual(['2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29']);
    await as('koordinator.pcb').get('/api/v1/calendar/closed-days?from=2027-01-02&to=2027-01-01').expect(422);
    await as('koordinator.pcb').get('/api/v1/calendar/closed-days?from=2027-01-01&to=2028-06-01').expect(422);
    const bad = await as('koordinator.pcb').get('/api/v1/calendar/closed-days?from=2027-02-30&to=2027-03-01').expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('from must be a calendar date');
    await as('koordinator.pcb').get('/api/v1/calendar/closed-days?from=2027-01-01').expect(400);
    await as('revisor').get('/api/v1/calendar/closed-days?from=2027-01-01&to=2027-01-31').expect(403);
    await request(api.http).get('/api/v1/calendar/closed-days?from=2027-01-01&to=2027-01-31').expect(401);
  });
});
