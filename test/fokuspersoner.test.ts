import { PassThrough } from 'node:stream';
import { retentionWorkflowId } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { testTemporalClient } from './support/temporal';
import { startTestWorker, type RunningWorker } from './support/worker';

const CRITERIA = {
  challenges: ['PSYCHIATRIC_DIAGNOSIS', 'SUBSTANCE_ABUSE'],
  frequentContactWith: ['POLICE', 'PSYCHIATRY'],
  reason: 'Mange kontakter med politi og akutmodtagelse det seneste halve år',
};

describe('fokusperson register through HTTP', () => {
  let db: TestDatabase;
  let api: TestApi;
  let temporal: Client;
  let worker: RunningWorker;
  let appLog = '';
  let pcb: string;
  let pch: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const logStream = new PassThrough();
    logStream.on('data', (c: Buffer) => (appLog += c.toString()));
    const taskQueue = uniqueName('register');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue, logLevel: 'info', logStream });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    temporal = await testTemporalClient();
    [{ id: pcb }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [{ id: pch }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pch'`);
    for (const u of ['koordinator.pcb', 'koordinator.hilleroed', 'sagsbehandler.egedal', 'sagsbehandler.hilleroed', 'revisor', 'admin', 'koordinator.politi']) {
      tokens[u] = `Bearer ${await api.tokenFor(u)}`;
    }
  });

  afterAll(async () => {
    await worker.stop();
    await temporal.connection.close();
    await api.close();
    await db.drop();
  });

  const as = (user: string) => ({
    get: (path: string) => request(api.http).get(path).set('Authorization', tokens[user]),
    post: (path: string, body?: object) => request(api.http).post(path).set('Authorization', tokens[user]).send(body),
    patch: (path: string, body?: object) => request(api.http).patch(path).set('Authorization', tokens[user]).send(body),
    put: (path: string, body?: object) => request(api.http).put(path).set('Authorization', tokens[user]).send(body),
  });
  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);
  const nominate = (user: string, cpr: string, forumId = pcb, name = 'Jens Testesen') =>
    as(user).post('/api/v1/fokuspersoner', { forumId, cpr, name, criteria: CRITERIA });
  const workflowExists = async (id: string) => {
    try {
      await temporal.workflow.getHandle(retentionWorkflowId(id)).describe();
      return true;
    } catch {
      return false;
    }
  };

  it('lets a caseworker of a member authority nominate, masking the CPR', async () => {
    const cpr = testCpr();
    const res = await nominate('sagsbehandler.egedal', cpr.formatted).expect(201);
    expect(res.body).toMatchObject({ forumId: pcb, status: 'NOMINATED', cpr: `${cpr.formatted.slice(0, 6)}-XXXX`, name: 'Jens Testesen', version: 1 });
    expect(JSON.stringify(res.body)).not.toContain(cpr.digits.slice(6));
    const [log] = await db.dataSource.query(`SELECT action, outcome, purpose, fokusperson_id FROM access_log WHERE fokusperson_id = $1`, [res.body.id]);
    expect(log).toEqual({ action: 'CREATE', outcome: 'ALLOWED', purpose: 'PSP_CASE_PREPARATION', fokusperson_id: res.body.id });
  });

  it('refuses a second open nomination of the same CPR in the forum, naming the existing one to the forum’s coordinators only', async () => {
    const cpr = testCpr();
    const first = await nominate('koordinator.pcb', cpr.formatted, pcb, 'Dorte Dobbelt').expect(201);
    // A coordinator of the forum may see the register: the precise answer.
    const precise = await nominate('koordinator.pcb', cpr.digits).expect(409);
    expect(precise.body.message).toBe(`This person is already NOMINATED in the forum as fokusperson ${first.body.id}`);

    // Anyone else learns nothing about the person; the forum's coordinators are told instead.
    const [{ id: caseworkerId }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
    const requestId = uniqueName('duplicate');
    const again = await nominate('sagsbehandler.egedal', cpr.digits).set('X-Request-Id', requestId).expect(409);
    expect(again.body.message).toBe('The nomination could not be registered. The forum’s coordinators have been told and will contact you if your information is needed');
    expect(JSON.stringify(again.body)).not.toContain(first.body.id);
    expect(JSON.stringify(again.body)).not.toMatch(/NOMINATED|ACTIVE/);
    const [denied] = await db.dataSource.query(`SELECT action, outcome, fokusperson_id FROM access_log WHERE request_id = $1`, [requestId]);
    expect(denied).toEqual({ action: 'CREATE', outcome: 'DENIED', fokusperson_id: first.body.id });

    const coordinators: { id: string }[] = await db.dataSource.query(
      `SELECT u.id FROM forum_member fm JOIN app_user u ON u.id = fm.user_id WHERE fm.forum_id = $1 AND 'COORDINATOR' = ANY(u.roles) AND u.active ORDER BY u.id`,
      [pcb],
    );
    expect(coordinators.length).toBeGreaterThanOrEqual(2); // koordinator.pcb and koordinator.politi
    const notices = async () =>
      (await db.dataSource.query(`SELECT recipient_user_id, subject, body FROM notification WHERE kind = 'DUPLICATE_NOMINATION' AND body LIKE $1 ORDER BY recipient_user_id`, [
        `%${first.body.id}%`,
      ])) as { recipient_user_id: string; subject: string; body: string }[];
    for (let i = 0; i < 150 && (await notices()).length < coordinators.length; i++) await new Promise((r) => setTimeout(r, 100));
    const sent = await notices();
    expect(sent.map((n) => n.recipient_user_id)).toEqual(coordinators.map((c) => c.id));
    expect(sent.map((n) => n.recipient_user_id)).not.toContain(caseworkerId);
    for (const n of sent) {
      expect(n.body).toContain('Sara Sagsbehandler');
      expect(n.body).not.toContain('Dorte Dobbelt');
      expect(n.body).not.toContain(cpr.digits.slice(6));
      expect(n.body).not.toContain(cpr.formatted.slice(0, 6));
    }

    await nominate('koordinator.hilleroed', cpr.formatted, pch).expect(201); // another forum is another case
  });

  it('answers bad input with 400/404/422 and writes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM fokusperson`);
    const logBefore = await count(`SELECT count(*) AS n FROM access_log`);
    const bad = async (body: object, status: number, message: RegExp) => {
      const res = await as('koordinator.pcb').post('/api/v1/fokuspersoner', body).expect(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    };
    const ok = { forumId: pcb, cpr: testCpr().formatted, name: 'Ny Person', criteria: CRITERIA };
    await bad({ ...ok, cpr: '12345' }, 400, /cpr must be DDMMYY-SSSS/);
    await bad({ ...ok, cpr: '310285-1234' }, 400, /date of birth that exists/);
    await bad({ ...ok, cpr: ` ${ok.cpr}` }, 400, /cpr must be DDMMYY-SSSS/);
    // Well-formed, but born in the future: that depends on the day, so it is a rule violation (422).
    await bad({ ...ok, cpr: '010150-5234' }, 422, /in the future/);
    await bad({ ...ok, forumId: '00000000-0000-4000-8000-000000000000' }, 404, /Forum .* was not found/);
    await bad({ ...ok, criteria: { ...CRITERIA, reason: undefined } }, 400, /"criteria\.reason is required"/);
    await bad({ ...ok, criteria: { ...CRITERIA, reason: 'kort' } }, 400, /^\["criteria\.reason must be 10-2000 characters"\]$/);
    await bad({ ...ok, criteria: { ...CRITERIA, extra: 1 } }, 400, /^\["property criteria\.extra should not exist"\]$/);
    await bad({ ...ok, name: '     ' }, 400, /^\["name must be 2-200 characters"\]$/);
    await bad({ ...ok, name: ' \t ' }, 400, /name must be a single line without control characters \(found U\+0009\)/);
    await bad({ ...ok, name: 'Jens\u0000Hansen' }, 400, /name must be a single line without control characters \(found U\+0000\)/);
    await bad({ ...ok, name: 'Jens\nHansen' }, 400, /name must be a single line/);
    await bad({ ...ok, criteria: { ...CRITERIA, reason: `${CRITERIA.reason}\u0007` } }, 400, /criteria\.reason must not contain control characters other than tab and line breaks \(found U\+0007\)/);
    await bad({ ...ok, criteria: { ...CRITERIA, challenges: [] } }, 400, /challenge/);
    await bad({ ...ok, extra: 1 }, 400, /extra should not exist/);
    expect(await count(`SELECT count(*) AS n FROM fokusperson`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM access_log`)).toBe(logBefore);
  });

  it('lists and searches for coordinators of the forum; others get 404 or 403', async () => {
    const cpr = testCpr();
    const { body: p } = await nominate('koordinator.pcb', cpr.formatted).expect(201);
    const list = await as('koordinator.pcb').get(`/api/v1/fokuspersoner?forumId=${pcb}&status=NOMINATED`).expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(p.id);
    await as('koordinator.hilleroed').get(`/api/v1/fokuspersoner?forumId=${pcb}`).expect(404);
    await as('sagsbehandler.egedal').get(`/api/v1/fokuspersoner?forumId=${pcb}`).expect(403);

    const found = await as('koordinator.pcb').post('/api/v1/fokuspersoner/search', { cpr: cpr.digits }).expect(200);
    expect(found.body).toEqual([expect.objectContaining({ id: p.id, cpr: `${cpr.formatted.slice(0, 6)}-XXXX` })]);
    expect((await as('koordinator.hilleroed').post('/api/v1/fokuspersoner/search', { cpr: cpr.digits }).expect(200)).body).toEqual([]);
    // A search that found no one is logged without a person, and without the CPR number.
    const [nothing] = await db.dataSource.query(`SELECT query, fokusperson_id FROM access_log WHERE action = 'SEARCH' AND actor_username = 'koordinator.hilleroed' ORDER BY seq DESC LIMIT 1`);
    expect(nothing).toEqual({ query: 'criterion=cpr;match=exact;found=0', fokusperson_id: null });
  });

  it('logs a CPR search as a search of the person it found, so the person’s access report lists it; no CPR in the log’s text', async () => {
    const cpr = testCpr();
    const { body: p } = await nominate('koordinator.pcb', cpr.formatted).expect(201);
    const requestId = uniqueName('search');
    await as('koordinator.pcb').post('/api/v1/fokuspersoner/search', { cpr: cpr.formatted }).set('X-Request-Id', requestId).expect(200);
    const rows = await db.dataSource.query(`SELECT action, fokusperson_id, query, detail FROM access_log WHERE request_id = $1 ORDER BY seq`, [requestId]);
    // One use: the search, naming the person it found and showed.
    expect(rows).toEqual([{ action: 'SEARCH', fokusperson_id: p.id, query: 'criterion=cpr;match=exact;found=1', detail: null }]);
    for (const part of [cpr.digits, cpr.formatted, cpr.formatted.slice(0, 6)]) expect(JSON.stringify(rows)).not.toContain(part);
    const report = await as('revisor').get(`/api/v1/audit/fokuspersoner/${p.id}/access-report`).expect(200);
    expect(report.body).toContainEqual(expect.objectContaining({ authority: 'Psykiatrisk Center Ballerup', actedAs: 'AUTHORITY', action: 'SEARCH', purpose: 'PSP_CASE_PREPARATION' }));
  });

  it('returns nothing of a person it reads when the read’s log row cannot be written (no log, no data)', async () => {
    const cpr = testCpr();
    const { body: p } = await nominate('koordinator.pcb', cpr.formatted, pcb, 'Lone Loggløs').expect(201);
    const requestId = uniqueName('unlogged-read');
    await db.dataSource.query(`ALTER TABLE access_log ADD CONSTRAINT test_refuse_read_row CHECK (request_id IS DISTINCT FROM '${requestId}') NOT VALID`);
    try {
      const res = await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).set('X-Request-Id', requestId);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(res.body)).not.toMatch(/Lone|Loggløs|XXXX/);
    } finally {
      await db.dataSource.query(`ALTER TABLE access_log DROP CONSTRAINT test_refuse_read_row`);
    }
    expect(await count(`SELECT count(*) AS n FROM access_log WHERE request_id = $1`, [requestId])).toBe(0);
    // The same read, logged, answers.
    expect((await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).expect(200)).body.name).toBe('Lone Loggløs');
  });

  it('reveals the full CPR only with a justification, logged as REVEAL', async () => {
    const cpr = testCpr();
    const { body: p } = await nominate('koordinator.pcb', cpr.formatted).expect(201);
    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/reveal-cpr`, {}).expect(400);
    const res = await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/reveal-cpr`, { justification: 'Skal kontakte borgerens læge' }).expect(200);
    expect(res.body).toEqual({ id: p.id, cpr: cpr.formatted });
    const [log] = await db.dataSource.query(`SELECT detail, purpose FROM access_log WHERE fokusperson_id = $1 AND action = 'REVEAL'`, [p.id]);
    expect(log).toEqual({ detail: 'Skal kontakte borgerens læge', purpose: 'PSP_COORDINATION' });
    await as('koordinator.hilleroed').post(`/api/v1/fokuspersoner/${p.id}/reveal-cpr`, { justification: 'Skal kontakte borgerens læge' }).expect(404);
  });

  it('updates with optimistic versions, decides by the state machine, records lead authority and information decision', async () => {
    const { body: p } = await nominate('koordinator.pcb', testCpr().formatted).expect(201);
    const path = `/api/v1/fokuspersoner/${p.id}`;
    const updated = await as('koordinator.pcb').patch(path, { version: 1, notes: 'Aftalt kontakt via PCB' }).expect(200);
    expect(updated.body).toMatchObject({ notes: 'Aftalt kontakt via PCB', version: 2 });
    expect((await as('koordinator.pcb').patch(path, { version: 1, notes: 'forældet' }).expect(409)).body.message).toMatch(/version 2/);

    await as('koordinator.pcb').post(`${path}/decisions`, { decision: 'CLOSE', reason: 'Ikke aktiv endnu' }).expect(409);
    const accepted = await as('koordinator.pcb').post(`${path}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på PSP-mødet' }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'ACTIVE', decisions: [expect.objectContaining({ decision: 'ACCEPT' })] });
    expect(accepted.body.acceptedAt).not.toBeNull();
    expect(await workflowExists(p.id)).toBe(false);

    const [{ id: egedal }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = 'kommune-egedal'`);
    const [{ id: hilleroed }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = 'kommune-hilleroed'`);
    await as('koordinator.pcb').put(`${path}/lead-authority`, { authorityId: hilleroed, reason: 'Bor i Hillerød' }).expect(422);
    const lead = await as('koordinator.pcb').put(`${path}/lead-authority`, { authorityId: egedal, reason: 'Bor i Egedal' }).expect(200);
    expect(lead.body).toMatchObject({ leadAuthorityId: egedal, leadAuthorityReason: 'Bor i Egedal' });
    const info = await as('koordinator.pcb').put(`${path}/information-decision`, { decision: 'EXEMPTED_DBL_22', reason: 'Konkret vurdering: oplysning vil hindre forebyggelsen' }).expect(200);
    expect(info.body.informationDecision).toMatchObject({ decision: 'EXEMPTED_DBL_22' });

    const closed = await as('koordinator.pcb').post(`${path}/decisions`, { decision: 'CLOSE', reason: 'Forløbet afsluttet' }).expect(200);
    expect(closed.body.status).toBe('CLOSED');
    expect(await workflowExists(p.id)).toBe(true);
    await as('koordinator.pcb').post(`${path}/decisions`, { decision: 'REOPEN', reason: 'Ny bekymring' }).expect(200);
    const handle = temporal.workflow.getHandle(retentionWorkflowId(p.id));
    await expect(handle.result()).resolves.toBe('CANCELLED');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect((await as('koordinator.pcb').get(path).expect(200)).body.status).toBe('ACTIVE');
  });

  it('rejects with a retention workflow; an invalid decision starts none and changes nothing', async () => {
    const { body: p } = await nominate('koordinator.pcb', testCpr().formatted).expect(201);
    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/decisions`, { decision: 'REOPEN', reason: 'forkert' }).expect(409);
    expect(await workflowExists(p.id)).toBe(false);
    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/decisions`, { decision: 'REJECT' }).expect(400);
    const rejected = await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/decisions`, { decision: 'REJECT', reason: 'Opfylder ikke kriterierne' }).expect(200);
    expect(rejected.body.status).toBe('REJECTED');
    const wf = await temporal.workflow.getHandle(retentionWorkflowId(p.id)).describe();
    expect(wf.status.name).toBe('RUNNING');
  });

  it('refuses the criminal-investigation purpose with 403 and logs the refusal', async () => {
    const { body: p } = await nominate('koordinator.pcb', testCpr().formatted).expect(201);
    const res = await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).set('X-Purpose', 'CRIMINAL_INVESTIGATION').expect(403);
    expect(res.body.message).toMatch(/§115/);
    const [log] = await db.dataSource.query(`SELECT outcome, purpose, resource_id FROM access_log WHERE purpose = 'CRIMINAL_INVESTIGATION' ORDER BY seq DESC LIMIT 1`);
    expect(log).toEqual({ outcome: 'DENIED', purpose: 'CRIMINAL_INVESTIGATION', resource_id: p.id });
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).set('X-Purpose', 'CURIOSITY').expect(400);
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).set('X-Purpose', 'PSP_CASE_PREPARATION').expect(200);
  });

  it('stores no plaintext CPR or name in any table, and logs none', async () => {
    const cpr = testCpr();
    const name = `Unikt Navn ${uniqueName('x')}`;
    const { body: p } = await nominate('koordinator.pcb', cpr.formatted, pcb, name).expect(201);
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).expect(200);
    await as('koordinator.pcb').post('/api/v1/fokuspersoner/search', { cpr: cpr.formatted }).expect(200);
    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${p.id}/reveal-cpr`, { justification: 'Skal kontakte borgerens læge' }).expect(200);
    // A query string stays out of the application log too (it may name a person or a member of staff).
    await as('revisor').get(`/api/v1/audit/log?actorUsername=koordinator.pcb&fokuspersonId=${p.id}`).expect(200);
    const tables: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(8);
    for (const { table_name } of tables) {
      const [{ hits }] = await db.dataSource.query(
        `SELECT count(*)::int AS hits FROM "${table_name}" t WHERE t::text LIKE $1 OR t::text LIKE $2 OR t::text LIKE $3`,
        [`%${cpr.digits}%`, `%${cpr.formatted}%`, `%${name}%`],
      );
      expect({ table_name, hits }).toEqual({ table_name, hits: 0 });
    }
    expect(appLog.length).toBeGreaterThan(0);
    expect(appLog).not.toContain(cpr.digits);
    expect(appLog).not.toContain(cpr.formatted);
    expect(appLog).not.toContain(name);
    expect(appLog).toContain('/api/v1/audit/log');
    expect(appLog).not.toContain('actorUsername');
    // A request is logged by id, method, path and status; no header (credentials, the browser) is.
    const audit = appLog.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { req?: { url?: string } }).find((l) => l.req?.url === '/api/v1/audit/log');
    expect(audit).toMatchObject({ req: { id: expect.any(String), method: 'GET', url: '/api/v1/audit/log' }, res: { statusCode: 200 } });
    expect(Object.keys(audit?.req ?? {}).sort()).toEqual(['id', 'method', 'url']);
    expect(appLog).not.toMatch(/authorization|bearer|user-agent|cookie/i);
  });

  it('gives auditors the log, a citizen report without staff names, a logged CSV export and verification', async () => {
    const { body: p } = await nominate('koordinator.pcb', testCpr().formatted).expect(201);
    await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${p.id}`).expect(200);
    const page = await as('revisor').get(`/api/v1/audit/log?fokuspersonId=${p.id}&pageSize=10`).expect(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 10, total: 2 });
    expect(page.body.items.map((i: { action: string }) => i.action)).toEqual(['CREATE', 'READ']);
    // A page far beyond any log (found by test:fuzz: it reached PostgreSQL as an out-of-range bigint) is a 400.
    const far = await as('revisor').get(`/api/v1/audit/log?page=2.2e276`).expect(400);
    expect(JSON.stringify(far.body.message)).toMatch(/page must be/);
    const report = await as('revisor').get(`/api/v1/audit/fokuspersoner/${p.id}/access-report`).expect(200);
    // Every use is listed, the auditor's own search of the log included — as the data controller's
    // supervisory control, not as a use by the auditor's authority (the police); never who did it.
    expect(report.body).toEqual([
      expect.objectContaining({ authority: 'Psykiatrisk Center Ballerup', actedAs: 'AUTHORITY', action: 'CREATE', purpose: 'PSP_CASE_PREPARATION' }),
      expect.objectContaining({ authority: 'Psykiatrisk Center Ballerup', actedAs: 'AUTHORITY', action: 'READ', purpose: 'PSP_COORDINATION' }),
      expect.objectContaining({ authority: 'Den dataansvarliges tilsyn og kontrol (adgangslog og indsigt)', actedAs: 'SUPERVISORY_CONTROL', action: 'SEARCH', purpose: 'AUDIT' }),
    ]);
    expect(JSON.stringify(report.body)).not.toContain('Nordsjællands Politi');
    expect(Object.keys(report.body[0]).sort()).toEqual(['actedAs', 'action', 'authority', 'date', 'purpose']);
    expect(JSON.stringify(report.body)).not.toMatch(/koordinator|Karen/);
    const csv = await as('revisor').get(`/api/v1/audit/log.csv?fokuspersonId=${p.id}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 4); // header + create, read, log query, report
    expect(await count(`SELECT count(*) AS n FROM access_log WHERE action = 'EXPORT' AND actor_username = 'revisor'`)).toBe(1);
    expect((await as('revisor').get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
    await as('koordinator.pcb').get('/api/v1/audit/verify').expect(403);
    await as('revisor').get(`/api/v1/fokuspersoner/${p.id}`).expect(403);
    await as('admin').get(`/api/v1/fokuspersoner/${p.id}`).expect(403);
  });
});
