import { randomBytes } from 'node:crypto';
import { addCalendarDays, copenhagenDate } from '@psp/domain';
import { FieldCipher, KEY_ROTATION_TABLES, parseKeyList, rotateKeys, verifyAccessLog } from '@psp/persistence';
import request from 'supertest';
import { testAnchors } from './support/anchors';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

/**
 * Data keys: each ciphertext keeps the key id it was written with, and `npm run keys:rotate`
 * (rotateKeys) re-encrypts everything under the newest key while the api serves, after which the
 * old key can be dropped.
 */
describe('data encryption keys: rotation', () => {
  const b64 = () => randomBytes(32).toString('base64');
  const [k1, k2] = [b64(), b64()];
  // The same blind-index key throughout: only the data keys change.
  const fixed = { CPR_INDEX_KEY: b64() };
  const withK1 = { ...fixed, DATA_ENCRYPTION_KEYS: `k1:${k1}` };
  const withK1K2 = { ...fixed, DATA_ENCRYPTION_KEYS: `k1:${k1},k2:${k2}`, DATA_ENCRYPTION_ACTIVE_KEY: 'k2' };
  const withK2 = { ...fixed, DATA_ENCRYPTION_KEYS: `k2:${k2}` };
  let db: TestDatabase;
  let worker: RunningWorker;
  let taskQueue: string;
  const apis: TestApi[] = [];
  const ids: Record<string, string> = {};

  const startApi = async (env: Record<string, string>) => {
    const api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue, env });
    apis.push(api);
    return api;
  };
  const as = async (api: TestApi, user: string) => {
    const auth = `Bearer ${await api.tokenFor(user)}`;
    return {
      get: (path: string) => request(api.http).get(path).set('Authorization', auth),
      post: (path: string, body?: object) => request(api.http).post(path).set('Authorization', auth).send(body),
      put: (path: string, body?: object) => request(api.http).put(path).set('Authorization', auth).send(body),
      patch: (path: string, body?: object) => request(api.http).patch(path).set('Authorization', auth).send(body),
    };
  };
  const labels = async () =>
    Object.fromEntries(
      await Promise.all(
        KEY_ROTATION_TABLES.map(async (t) => {
          const column = t === 'step' ? `coalesce(key_id, '-') || '/' || coalesce(note_key_id, '-')` : `coalesce(key_id, '-')`;
          const rows: { label: string; n: number }[] = await db.dataSource.query(`SELECT ${column} AS label, count(*)::int AS n FROM ${t} GROUP BY 1 ORDER BY 1`);
          return [t, Object.fromEntries(rows.map((r) => [r.label, r.n]))];
        }),
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    taskQueue = uniqueName('keys');
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    for (const u of ['koordinator.pcb', 'sagsbehandler.egedal']) [{ id: ids[u] }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [u]);
    [{ id: ids['kommune-egedal'] }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = 'kommune-egedal'`);
    [{ id: ids['forum'] }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
  });

  afterAll(async () => {
    for (const api of apis) await api.close();
    await worker?.stop();
    await db?.drop();
  });

  const due = () => addCalendarDays(copenhagenDate(new Date()), 20);

  it('keeps a step’s description readable when a note is added after the active key changed', async () => {
    // Everything written under k1: a person, the plan, two steps, minutes of a meeting.
    const api1 = await startApi(withK1);
    const coordinator = await as(api1, 'koordinator.pcb');
    const { body: person } = await coordinator
      .post('/api/v1/fokuspersoner', { forumId: ids['forum'], cpr: testCpr().formatted, name: 'Nøgle Skifte', criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Test af nøgleskift' } })
      .expect(201);
    ids['person'] = person.id;
    await coordinator.post(`/api/v1/fokuspersoner/${person.id}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet' }).expect(200);
    await coordinator.put(`/api/v1/fokuspersoner/${person.id}/helhedsplan/goals`, { goals: ['Stabil bolig'], change: 'Mål aftalt' }).expect(200);
    for (const [name, description] of [['step', 'Afklare bolig'], ['step2', 'Kontakt til misbrugsbehandling']]) {
      const { body: step } = await coordinator
        .post(`/api/v1/fokuspersoner/${person.id}/helhedsplan/steps`, { description, ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: due() })
        .expect(201);
      ids[name] = step.id;
    }
    const { body: meeting } = await coordinator.post(`/api/v1/forums/${ids['forum']}/meetings`, { startsAt: new Date(`${addCalendarDays(copenhagenDate(new Date()), 10)}T08:00:00Z`).toISOString() }).expect(201);
    ids['meeting'] = meeting.id;
    await coordinator.post(`/api/v1/meetings/${meeting.id}/agenda/items`, { fokuspersonId: person.id }).expect(201);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const { body: agenda } = await coordinator.get(`/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    const itemId = agenda.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === person.id).itemId;
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { attendance: [], items: [{ itemId, decision: 'CONTINUE', reason: 'Forløbet fortsætter', note: 'Godt samarbejde' }] }).expect(200);

    // The key is rotated: k2 is active, k1 still there to read the old rows. The assignee adds a note.
    const api2 = await startApi(withK1K2);
    const caseworker = await as(api2, 'sagsbehandler.egedal');
    await caseworker.post(`/api/v1/steps/${ids['step']}/block`, { reason: 'NOT_POSSIBLE', text: 'Borgeren er flyttet' }).expect(200);
    const { body: step } = await caseworker.get(`/api/v1/steps/${ids['step']}`).expect(200);
    expect(step).toMatchObject({ description: 'Afklare bolig', note: 'Borgeren er flyttet', status: 'BLOCKED' });
    const [row] = await db.dataSource.query(`SELECT key_id, note_key_id FROM step WHERE id = $1`, [ids['step']]);
    expect(row).toEqual({ key_id: 'k1', note_key_id: 'k2' });
  });

  it('keys:rotate re-encrypts every ciphertext under the newest key, resumably, while the api serves, and logs it; then k1 can go', async () => {
    const api2 = apis[1];
    const coordinator = await as(api2, 'koordinator.pcb');
    // The step a note re-labelled before notes had their own key id: description under k1, labelled k2.
    await (await as(api2, 'sagsbehandler.egedal')).post(`/api/v1/steps/${ids['step2']}/block`, { reason: 'NOT_POSSIBLE', text: 'Venter' }).expect(200);
    await db.dataSource.query(`UPDATE step SET key_id = 'k2' WHERE id = $1`, [ids['step2']]);
    expect(await labels()).toMatchObject({ fokusperson: { k1: 1 }, step: { 'k1/k2': 1, 'k2/k2': 1 }, meeting_item: { k1: 1 } });

    const cipher = new FieldCipher({ keys: parseKeyList(withK1K2.DATA_ENCRYPTION_KEYS), activeKeyId: 'k2', blindIndexKey: Buffer.from(fixed.CPR_INDEX_KEY, 'base64') });
    // Stopped after its first batch (that batch commits; the next one is rolled back) ...
    let batches = 0;
    const stop = new Error('stopped');
    await expect(
      rotateKeys(db.appDataSource, cipher, {
        batchSize: 1,
        log: () => {
          if (++batches > 1) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect((await labels())['fokusperson']).toEqual({ k2: 1 });

    // ... and run again, while a coordinator reads and changes the person.
    const serving = (async () => {
      for (let i = 0; i < 5; i++) {
        await coordinator.get(`/api/v1/fokuspersoner/${ids['person']}`).expect(200);
        const { body } = await coordinator.get(`/api/v1/fokuspersoner/${ids['person']}`).expect(200);
        await coordinator.patch(`/api/v1/fokuspersoner/${ids['person']}`, { version: body.version, notes: `Note ${i}` }).expect(200);
      }
    })();
    const lines: string[] = [];
    const [report] = await Promise.all([rotateKeys(db.appDataSource, cipher, { batchSize: 1, log: (l) => lines.push(l) }), serving]);
    const byTable = Object.fromEntries(report.map((t) => [t.table, t]));
    expect(byTable['step']).toMatchObject({ rotated: 2, repaired: 1, unreadable: [], stillLocked: 0 });
    expect(byTable['helhedsplan_version'].rotated).toBeGreaterThanOrEqual(2);
    expect(byTable['meeting_item']).toMatchObject({ rotated: 1, unreadable: [], stillLocked: 0 });
    expect(lines.length).toBeGreaterThan(3);
    expect(await labels()).toEqual({
      fokusperson: { k2: 1 },
      step: { 'k2/k2': 2 },
      helhedsplan_version: { k2: expect.any(Number) },
      meeting_item: { k2: 1 },
    });
    // Run again: nothing left to do.
    expect((await rotateKeys(db.appDataSource, cipher)).every((t) => t.rotated === 0 && t.unreadable.length === 0)).toBe(true);

    // Logged per batch as the system's key maintenance, in the chain, which verifies.
    const logged: { actor_username: string; action: string; resource_type: string; detail: string; fokusperson_id: string | null }[] = await db.dataSource.query(
      `SELECT actor_username, action, resource_type, detail, fokusperson_id FROM access_log WHERE purpose = 'KEY_MAINTENANCE' ORDER BY seq`,
    );
    expect(new Set(logged.map((l) => l.resource_type))).toEqual(new Set(['Fokusperson', 'Step', 'HelhedsplanVersion', 'MeetingItem']));
    for (const l of logged) expect(l).toMatchObject({ actor_username: 'system', action: 'UPDATE', fokusperson_id: null, detail: expect.stringMatching(/^re-encrypted 1 rows under key k2 \(were under k1: 1\)/) });
    expect(logged.some((l) => l.detail.includes('1 ciphertexts labelled with the wrong key id repaired'))).toBe(true);
    expect(await verifyAccessLog(db.dataSource, { publicKey: testAnchors().publicKey, dir: testAnchors().dir })).toMatchObject({ ok: true });

    // k1 is gone: everything still reads.
    const api3 = await startApi(withK2);
    const c3 = await as(api3, 'koordinator.pcb');
    const { body: person } = await c3.get(`/api/v1/fokuspersoner/${ids['person']}`).expect(200);
    expect(person).toMatchObject({ name: 'Nøgle Skifte', notes: 'Note 4', criteria: { reason: 'Test af nøgleskift' }, decisions: [{ decision: 'ACCEPT', reason: 'Besluttet' }] });
    const { body: plan } = await c3.get(`/api/v1/fokuspersoner/${ids['person']}/helhedsplan`).expect(200);
    expect(plan.goals).toEqual(['Stabil bolig']);
    expect(plan.steps.map((s: { description: string }) => s.description).sort()).toEqual(['Afklare bolig', 'Kontakt til misbrugsbehandling']);
    expect(plan.versions.map((v: { change: string }) => v.change)).toContain('Mål aftalt');
    const { body: step } = await c3.get(`/api/v1/steps/${ids['step']}`).expect(200);
    expect(step).toMatchObject({ description: 'Afklare bolig', note: 'Borgeren er flyttet' });
    const { body: step2 } = await c3.get(`/api/v1/steps/${ids['step2']}`).expect(200);
    expect(step2).toMatchObject({ description: 'Kontakt til misbrugsbehandling', note: 'Venter' });
    const { body: minutes } = await c3.get(`/api/v1/meetings/${ids['meeting']}/minutes`).expect(200);
    expect(minutes.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === ids['person'])).toMatchObject({ decision: 'CONTINUE', reason: 'Forløbet fortsætter', note: 'Godt samarbejde' });
  });
});
