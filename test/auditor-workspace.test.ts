import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { pdfTextOf } from './support/pdf';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';

/** What the auditor's workspace asks of the api: the log searched and exported, the chain verified and recorded, the citizen's letter. */
describe('the auditor’s workspace api', () => {
  let db: TestDatabase;
  let api: TestApi;
  let personId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue: uniqueName('auditor') });
    for (const u of ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'revisor', 'admin']) tokens[u] = `Bearer ${await api.tokenFor(u)}`;
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    const criteria = { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Revisorens arbejdsområde' };
    const { body } = await as('koordinator.pcb').post('/api/v1/fokuspersoner', { forumId, cpr: testCpr().formatted, name: 'Karla Kontrol', criteria }).expect(201);
    personId = body.id;
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${personId}`).expect(200);
    // A refused use: a purpose §115 forbids.
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${personId}`).set('X-Purpose', 'CRIMINAL_INVESTIGATION').expect(403);
  });

  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  /** The request id of the latest request made with `as`, to find its log rows. */
  let requestId = '';
  const as = (user: string) => {
    requestId = randomUUID();
    const auth = { Authorization: tokens[user] as string, 'X-Request-Id': requestId };
    return {
      get: (path: string) => request(api.http).get(path).set(auth),
      post: (path: string, body?: object) => request(api.http).post(path).set(auth).send(body),
    };
  };
  const log = (query: string) => as('revisor').get(`/api/v1/audit/log?${query}`).expect(200);
  type Item = { action: string; purpose: string; outcome: string; actorUsername: string; seq: number };
  const lastRow = async (where: string, params: unknown[]) =>
    (await db.dataSource.query(`SELECT action, purpose, outcome, query, detail, resource_type, fokusperson_id FROM access_log WHERE ${where} ORDER BY seq DESC LIMIT 1`, params))[0];

  it('searches by actor username, purpose and outcome, newest first on request', async () => {
    const byActor = (await log(`fokuspersonId=${personId}&actorUsername=koordinator.pcb`)).body;
    expect(byActor.items.map((i: Item) => i.action)).toEqual(['CREATE', 'READ']); // the refused read was stopped before it touched the person
    expect(byActor.items.every((i: Item) => i.actorUsername === 'koordinator.pcb')).toBe(true);
    const newest = (await log(`fokuspersonId=${personId}&actorUsername=koordinator.pcb&order=newest`)).body;
    expect(newest.items.map((i: Item) => i.seq)).toEqual(byActor.items.map((i: Item) => i.seq).reverse());
    const reads = (await log(`fokuspersonId=${personId}&purpose=PSP_COORDINATION&outcome=ALLOWED`)).body;
    expect(reads.items.map((i: Item) => [i.action, i.purpose, i.outcome])).toEqual([['READ', 'PSP_COORDINATION', 'ALLOWED']]);
    const denied = (await log(`actorUsername=koordinator.pcb&outcome=DENIED`)).body;
    expect(denied.total).toBe(1);
    expect(denied.items[0]).toMatchObject({ purpose: 'CRIMINAL_INVESTIGATION', outcome: 'DENIED' });
    expect((await log(`actorUsername=nobody.here`)).body).toMatchObject({ total: 0, items: [] });
    expect((await log(`fokuspersonId=${personId}&from=2999-01-01T00:00:00Z`)).body.total).toBe(0);
    expect((await log(`fokuspersonId=${personId}&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`)).body.total).toBeGreaterThanOrEqual(3);
  });

  it('lists the authorities to search by, for the auditor only', async () => {
    const { body } = await as('revisor').get('/api/v1/audit/authorities').expect(200);
    expect(body).toContainEqual({ id: expect.any(String), name: 'Nordsjællands Politi', active: true });
    await as('koordinator.pcb').get('/api/v1/audit/authorities').expect(403);
  });

  it('logs each search with its criteria', async () => {
    await log(`fokuspersonId=${personId}&purpose=AUDIT&outcome=ALLOWED&order=newest`);
    const row = await lastRow(`request_id = $1`, [requestId]);
    expect(row).toMatchObject({ action: 'SEARCH', purpose: 'AUDIT', outcome: 'ALLOWED', fokusperson_id: personId });
    expect(row.query).toBe(`fokuspersonId=${personId};purpose=AUDIT;outcome=ALLOWED;order=newest`);
  });

  it.each([
    ['purpose=SNOOPING', /purpose must be one of PSP_CASE_PREPARATION/],
    ['outcome=MAYBE', /outcome must be ALLOWED or DENIED/],
    ['actorUsername=Robert%27%3B%20DROP', /actorUsername must be a username/],
    ['order=sideways', /order must be oldest or newest/],
    ['from=yesterday', /from must be a date-time/],
    ['name=Karla', /property name should not exist/],
  ])('refuses %s with a 400 that says what is wrong, for the search and the export', async (query, message) => {
    for (const path of ['log', 'log.csv']) {
      const res = await as('revisor').get(`/api/v1/audit/${path}?${query}`).expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });

  it('refuses a time range that runs backwards with a 422 saying so; from equal to to is a search', async () => {
    for (const path of ['log', 'log.csv']) {
      const res = await as('revisor').get(`/api/v1/audit/${path}?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z`).expect(422);
      expect(res.body.message).toMatch(/from \(2027-01-02T00:00:00Z\) is after to \(2027-01-01T00:00:00Z\): give the earlier time as from/);
      await as('revisor').get(`/api/v1/audit/${path}?from=2027-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`).expect(200);
    }
  });

  it('exports the current search as CSV, logged as EXPORT with its criteria', async () => {
    const res = await as('revisor').get(`/api/v1/audit/log.csv?fokuspersonId=${personId}&actorUsername=koordinator.pcb&purpose=PSP_COORDINATION&order=newest`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 1); // header, the read (not the creation, nor the refused read)
    expect(lines[1]).toMatch(/"koordinator.pcb".*"READ".*"PSP_COORDINATION","ALLOWED"/);
    const row = await lastRow(`request_id = $1`, [requestId]);
    expect(row).toMatchObject({ action: 'EXPORT', purpose: 'AUDIT', outcome: 'ALLOWED', fokusperson_id: personId, detail: '1 rows exported as CSV' });
    expect(row.query).toContain('actorUsername=koordinator.pcb;purpose=PSP_COORDINATION');
  });

  it('renders the citizen’s letter for the auditor only, logged as EXPORT, without staff names', async () => {
    const res = await as('revisor')
      .get(`/api/v1/audit/fokuspersoner/${personId}/access-report.pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsigt.pdf"');
    const { text } = await pdfTextOf(res.body as Buffer);
    expect(text).toContain('Svar på din anmodning om indsigt');
    expect(text).toContain('Afsender: Nordsjællands Politi');
    expect(text).toContain('Psykiatrisk Center Ballerup – oplysningerne blev registreret. Formål: forberedelse af et PSP-møde.');
    expect(text).toContain('Den dataansvarliges tilsyn og kontrol (adgangslog og indsigt) – oplysningerne blev fundet ved en søgning');
    expect(text).not.toMatch(/koordinator|revisor|Rikke|Karen|Karla|efterforskning/i);
    const row = await lastRow(`request_id = $1`, [requestId]);
    expect(row).toMatchObject({ action: 'EXPORT', purpose: 'CITIZEN_ACCESS_REQUEST', resource_type: 'AccessReport', outcome: 'ALLOWED', fokusperson_id: personId });

    for (const user of ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'admin']) {
      await as(user).get(`/api/v1/audit/fokuspersoner/${personId}/access-report.pdf`).expect(403);
      expect((await lastRow(`request_id = $1`, [requestId])).outcome).toBe('DENIED');
    }
    await as('revisor').get(`/api/v1/audit/fokuspersoner/not-an-id/access-report.pdf`).expect(400);
  });

  it('records each verification and shows the latest, with the first broken row once the chain is broken', async () => {
    expect((await as('revisor').get('/api/v1/audit/verifications/latest').expect(200)).body).toEqual({ latest: null });
    const run = (await as('revisor').post('/api/v1/audit/verifications').expect(201)).body;
    expect(run).toMatchObject({ ok: true, chain: null, brokenSeq: null, brokenId: null, reason: null });
    expect(run.rows).toBeGreaterThan(5);
    expect((await as('revisor').get('/api/v1/audit/verifications/latest').expect(200)).body).toEqual({ latest: run });
    const [stored] = await db.dataSource.query(`SELECT v.ok, u.username FROM access_log_verification v JOIN app_user u ON u.id = v.verified_by_user_id`);
    expect(stored).toEqual({ ok: true, username: 'revisor' });
    // The api's own verify route records its run too.
    await as('revisor').get('/api/v1/audit/verify').expect(200);
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM access_log_verification`))[0].n)).toBe(2);
    await expect(db.appDataSource.query(`UPDATE access_log_verification SET ok = false`)).rejects.toThrow(/permission denied/);

    for (const user of ['koordinator.pcb', 'admin']) {
      await as(user).post('/api/v1/audit/verifications').expect(403);
      await as(user).get('/api/v1/audit/verifications/latest').expect(403);
    }

    const [victim] = await db.dataSource.query(`SELECT seq::int AS seq, id::text AS id FROM access_log WHERE fokusperson_id = $1 ORDER BY seq LIMIT 1`, [personId]);
    await db.dataSource.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    try {
      await db.dataSource.query(`UPDATE access_log SET purpose = 'OVERSIGHT' WHERE seq = $1`, [victim.seq]);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
    const broken = (await as('revisor').post('/api/v1/audit/verifications').expect(201)).body;
    expect(broken).toMatchObject({ ok: false, brokenSeq: victim.seq, brokenId: victim.id });
    expect(broken.reason).toEqual(expect.any(String));
    expect((await as('revisor').get('/api/v1/audit/verifications/latest').expect(200)).body.latest).toEqual(broken);
  });
});
