import request from 'supertest';
import { SEED_AUTHORITIES, SEED_FORA } from '@psp/persistence';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

describe('admin API through HTTP', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const taskQueue = uniqueName('admin');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    admin = `Bearer ${await api.tokenFor('admin')}`;
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
    await db.drop();
  });

  const get = (path: string, auth = admin) => request(api.http).get(path).set('Authorization', auth);
  const send = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, body?: object, auth = admin) =>
    request(api.http)[method](path).set('Authorization', auth).send(body);
  const authorityId = async (code: string) =>
    ((await get('/api/v1/admin/authorities').expect(200)).body as { id: string; code: string }[]).find((a) => a.code === code)!.id;

  it('lists the seeded reference data', async () => {
    const authorities = (await get('/api/v1/admin/authorities').expect(200)).body;
    expect(authorities).toHaveLength(SEED_AUTHORITIES.length);
    expect(authorities.filter((a: { kind: string }) => a.kind === 'MUNICIPALITY')).toHaveLength(13);
    const fora = (await get('/api/v1/admin/fora').expect(200)).body;
    expect(fora.map((f: { code: string }) => f.code).sort()).toEqual(SEED_FORA.map((f) => f.code).sort());
    // Every municipality belongs to exactly one of the two fora.
    const municipalityIds = authorities.filter((a: { kind: string }) => a.kind === 'MUNICIPALITY').map((a: { id: string }) => a.id);
    const memberships = fora.flatMap((f: { authorityIds: string[] }) => f.authorityIds).filter((id: string) => municipalityIds.includes(id));
    expect(memberships.sort()).toEqual([...municipalityIds].sort());
  });

  it('refuses every non-admin role with 403', async () => {
    for (const username of ['koordinator.politi', 'sagsbehandler.egedal', 'leder.politi', 'revisor']) {
      const auth = `Bearer ${await api.tokenFor(username)}`;
      const res = await get('/api/v1/admin/users', auth);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/ADMIN/);
      await send('post', '/api/v1/admin/authorities', { code: 'x-new', name: 'New', kind: 'POLICE' }, auth).expect(403);
    }
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM authority WHERE code = 'x-new'`))[0].n).toBe(0);
  });

  it('names an unknown field and refuses it with 400', async () => {
    const res = await send('post', '/api/v1/admin/authorities', { code: 'kommune-test', name: 'Test', kind: 'MUNICIPALITY', isAdmin: true }).expect(400);
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining('isAdmin')]));
  });

  it('refuses null for a field that may only be left out (found by test:fuzz), and changes nothing', async () => {
    const id = await authorityId('pcb');
    const res = await send('patch', `/api/v1/admin/authorities/${id}`, { name: null, active: false }).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/name/);
    const [forum] = (await send('get', '/api/v1/admin/fora').expect(200)).body;
    await send('patch', `/api/v1/admin/fora/${forum.id}`, { name: null }).expect(400);
    const [row] = await db.dataSource.query(`SELECT name, active FROM authority WHERE id = $1`, [id]);
    expect(row).toEqual({ name: expect.stringContaining('Ballerup'), active: true });
  });

  it('refuses an administrator deactivating themselves or dropping their own ADMIN role (found by test:fuzz: the rest of its run was 401s)', async () => {
    const [{ id: self }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    for (const change of [{ active: false }, { roles: ['AUDITOR'] }]) {
      const res = await send('patch', `/api/v1/admin/users/${self}`, change).expect(409);
      expect(res.body.message).toMatch(/your own/);
    }
    await send('patch', `/api/v1/admin/users/${self}`, { roles: ['ADMIN', 'AUDITOR'] }).expect(200);
    await send('patch', `/api/v1/admin/users/${self}`, { roles: ['ADMIN'] }).expect(200);
    await get('/api/v1/admin/users').expect(200);
  });

  it('refuses a PATCH without a body (found by test:fuzz: it was taken as an empty change)', async () => {
    const res = await request(api.http).patch(`/api/v1/admin/authorities/${await authorityId('pcb')}`).set('Authorization', admin).expect(400);
    expect(res.body.message).toMatch(/needs a JSON request body/);
  });

  it('answers a malformed id with 400 naming the parameter, not 500', async () => {
    const res = await send('patch', '/api/v1/admin/users/not-a-uuid', { displayName: 'X Y' }).expect(400);
    expect(res.body.message).toMatch(/"id" must be a UUID/);
    await send('put', `/api/v1/admin/fora/${await authorityId('pcb')}/members/123`).expect(400);
  });

  it('answers invalid values with 400 and unknown ids with 404', async () => {
    const bad = await send('post', '/api/v1/admin/authorities', { code: 'Bad Code', name: '', kind: 'ARMY' }).expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^code/), expect.stringMatching(/^name/), expect.stringMatching(/^kind must be one of/)]));
    await send('patch', '/api/v1/admin/authorities/00000000-0000-4000-8000-000000000000', { name: 'Nobody' }).expect(404);
    const res = await send('post', '/api/v1/admin/users', {
      username: 'ghost',
      displayName: 'Ghost',
      email: 'ghost@psp.example',
      authorityId: '00000000-0000-4000-8000-000000000000',
      roles: ['CASEWORKER'],
    }).expect(404);
    expect(res.body.message).toMatch(/Authority .* was not found/);
  });

  it('creates and updates an authority; a duplicate code is 409', async () => {
    const created = (await send('post', '/api/v1/admin/authorities', { code: 'kommune-ballerup', name: 'Ballerup Kommune', kind: 'MUNICIPALITY' }).expect(201)).body;
    expect(created).toMatchObject({ code: 'kommune-ballerup', kind: 'MUNICIPALITY', active: true });
    await send('post', '/api/v1/admin/authorities', { code: 'kommune-ballerup', name: 'Again', kind: 'MUNICIPALITY' }).expect(409);
    const updated = (await send('patch', `/api/v1/admin/authorities/${created.id}`, { name: 'Ballerup Kommune, Socialforvaltningen', active: false }).expect(200)).body;
    expect(updated).toMatchObject({ id: created.id, name: 'Ballerup Kommune, Socialforvaltningen', active: false });
  });

  it('creates a user who then gets a welcome notification through the workflow', async () => {
    const egedal = await authorityId('kommune-egedal');
    const user = (
      await send('post', '/api/v1/admin/users', {
        username: 'ny.sagsbehandler',
        displayName: 'Ny Sagsbehandler',
        email: 'ny@egedal.example',
        authorityId: egedal,
        roles: ['CASEWORKER', 'SUPERVISOR'],
      }).expect(201)
    ).body;
    expect(user).toMatchObject({ username: 'ny.sagsbehandler', authorityId: egedal, roles: ['CASEWORKER', 'SUPERVISOR'] });
    await send('post', '/api/v1/admin/users', { username: 'ny.sagsbehandler', displayName: 'Twin', email: 'twin@egedal.example', authorityId: egedal, roles: ['CASEWORKER'] }).expect(409);

    // The workflow's activity writes the inbox row through libs/persistence; the user reads it.
    const auth = `Bearer ${await api.tokenFor('ny.sagsbehandler')}`;
    let inbox: { kind: string; subject: string; readAt: string | null; id: string }[] = [];
    for (let i = 0; i < 100 && inbox.length === 0; i++) {
      inbox = (await get('/api/v1/me/notifications', auth).expect(200)).body;
      if (inbox.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(inbox).toEqual([expect.objectContaining({ kind: 'WELCOME', subject: 'Velkommen til PSP Koordinering', readAt: null, link: `${api.config.webBaseUrl}/` })]);
    await send('post', `/api/v1/me/notifications/${inbox[0].id}/read`, undefined, auth).expect(204);
    expect((await get('/api/v1/me/notifications?unread=true', auth).expect(200)).body).toEqual([]);
    // Another user cannot mark it.
    await send('post', `/api/v1/me/notifications/${inbox[0].id}/read`, undefined, `Bearer ${await api.tokenFor('leder.egedal')}`).expect(404);
  });

  it('manages forum membership by the rules: users only from member authorities', async () => {
    const forum = (await send('post', '/api/v1/admin/fora', { code: 'psp-test', name: 'PSP Test', authorityIds: [await authorityId('pch')] }).expect(201)).body;
    expect(forum.authorityIds).toEqual([await authorityId('pch')]);
    const users = (await get('/api/v1/admin/users').expect(200)).body as { id: string; username: string }[];
    const politiCoordinator = users.find((u) => u.username === 'koordinator.politi')!.id;
    const pchCaseworker = users.find((u) => u.username === 'sagsbehandler.pch')!.id;

    const refused = await send('put', `/api/v1/admin/fora/${forum.id}/members/${politiCoordinator}`).expect(409);
    expect(refused.body.message).toMatch(/not a member of this forum/);
    const politi = await authorityId('politi-nordsjaelland');
    await send('put', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(200);
    const withMember = (await send('put', `/api/v1/admin/fora/${forum.id}/members/${politiCoordinator}`).expect(200)).body;
    expect(withMember.memberUserIds).toEqual([politiCoordinator]);
    // Idempotent.
    await send('put', `/api/v1/admin/fora/${forum.id}/members/${politiCoordinator}`).expect(200);

    await send('delete', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(409);
    await send('delete', `/api/v1/admin/fora/${forum.id}/members/${politiCoordinator}`).expect(200);
    await send('delete', `/api/v1/admin/fora/${forum.id}/members/${pchCaseworker}`).expect(404);
    const after = (await send('delete', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(200)).body;
    expect(after.authorityIds).toEqual([await authorityId('pch')]);

    const renamed = (await send('patch', `/api/v1/admin/fora/${forum.id}`, { name: 'PSP Test (omdøbt)' }).expect(200)).body;
    expect(renamed.name).toBe('PSP Test (omdøbt)');
  });

  it('refuses to move a user to an authority outside their fora', async () => {
    const users = (await get('/api/v1/admin/users').expect(200)).body as { id: string; username: string }[];
    const pcbCoordinator = users.find((u) => u.username === 'koordinator.pcb')!.id;
    const res = await send('patch', `/api/v1/admin/users/${pcbCoordinator}`, { authorityId: await authorityId('kommune-hilleroed') }).expect(409);
    expect(res.body.message).toMatch(/Remove the user from/);
    const moved = (await send('patch', `/api/v1/admin/users/${pcbCoordinator}`, { authorityId: await authorityId('kommune-egedal'), roles: ['COORDINATOR', 'CASEWORKER'] }).expect(200)).body;
    expect(moved.roles).toEqual(['COORDINATOR', 'CASEWORKER']);
  });

  describe('every administrative change is in the access log, committed with it', () => {
    type Row = { action: string; resource_type: string; resource_id: string; actor_username: string; purpose: string; outcome: string; detail: string; request_id: string | null };
    const logOf = async (resourceType: string, resourceId: string): Promise<Row[]> =>
      db.dataSource.query(
        `SELECT action, resource_type, resource_id, actor_username, purpose, outcome, detail, request_id FROM access_log
          WHERE resource_type = $1 AND resource_id = $2 ORDER BY seq`,
        [resourceType, resourceId],
      );
    const changes = (row: Row) => JSON.parse(row.detail) as Record<string, { from: unknown; to: unknown }>;
    const byAdmin = { actor_username: 'admin', purpose: 'ADMINISTRATION', outcome: 'ALLOWED', request_id: expect.any(String) };
    let auditor: string;
    beforeAll(async () => {
      auditor = `Bearer ${await api.tokenFor('revisor')}`;
    });

    it('an authority: created and changed, each field from what to what', async () => {
      const created = (await send('post', '/api/v1/admin/authorities', { code: 'kommune-log', name: 'Log Kommune', kind: 'MUNICIPALITY' }).expect(201)).body;
      await send('patch', `/api/v1/admin/authorities/${created.id}`, { name: 'Log Kommune, Socialforvaltningen', kind: 'MUNICIPALITY', active: false }).expect(200);
      const rows = await logOf('Authority', created.id);
      expect(rows).toEqual([expect.objectContaining({ action: 'CREATE', ...byAdmin }), expect.objectContaining({ action: 'UPDATE', ...byAdmin })]);
      expect(changes(rows[0])).toEqual({
        code: { from: null, to: 'kommune-log' },
        name: { from: null, to: 'Log Kommune' },
        kind: { from: null, to: 'MUNICIPALITY' },
        active: { from: null, to: true },
      });
      // Only what changed: the kind was sent unchanged.
      expect(changes(rows[1])).toEqual({ name: { from: 'Log Kommune', to: 'Log Kommune, Socialforvaltningen' }, active: { from: true, to: false } });
      // A change that changes nothing leaves nothing.
      await send('patch', `/api/v1/admin/authorities/${created.id}`, { active: false }).expect(200);
      expect(await logOf('Authority', created.id)).toHaveLength(2);
    });

    it('a user: created, roles and authority changed, deactivated and reactivated', async () => {
      const egedal = await authorityId('kommune-egedal');
      const furesoe = await authorityId('kommune-furesoe');
      const user = (
        await send('post', '/api/v1/admin/users', { username: 'logget.bruger', displayName: 'Logget Bruger', email: 'logget@egedal.example', authorityId: egedal, roles: ['CASEWORKER'] }).expect(201)
      ).body;
      await send('patch', `/api/v1/admin/users/${user.id}`, { roles: ['CASEWORKER', 'SUPERVISOR'], authorityId: furesoe }).expect(200);
      await send('patch', `/api/v1/admin/users/${user.id}`, { active: false }).expect(200);
      await send('patch', `/api/v1/admin/users/${user.id}`, { active: true, email: 'logget@furesoe.example' }).expect(200);
      const rows = await logOf('User', user.id);
      expect(rows.map((r) => r.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE']);
      for (const r of rows) expect(r).toMatchObject(byAdmin);
      expect(changes(rows[0])).toMatchObject({ username: { from: null, to: 'logget.bruger' }, roles: { from: null, to: ['CASEWORKER'] }, authorityId: { from: null, to: egedal } });
      expect(changes(rows[1])).toEqual({ authorityId: { from: egedal, to: furesoe }, roles: { from: ['CASEWORKER'], to: ['CASEWORKER', 'SUPERVISOR'] } });
      expect(changes(rows[2])).toEqual({ active: { from: true, to: false } });
      expect(changes(rows[3])).toEqual({ email: { from: 'logget@egedal.example', to: 'logget@furesoe.example' }, active: { from: false, to: true } });
    });

    it('a forum and its membership: member authorities and members added and removed', async () => {
      const pch = await authorityId('pch');
      const politi = await authorityId('politi-nordsjaelland');
      const forum = (await send('post', '/api/v1/admin/fora', { code: 'psp-log', name: 'PSP Log', authorityIds: [pch] }).expect(201)).body;
      await send('patch', `/api/v1/admin/fora/${forum.id}`, { name: 'PSP Log (omdøbt)' }).expect(200);
      await send('put', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(200);
      await send('put', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(200); // idempotent: no second row
      const [{ id: member }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'koordinator.politi'`);
      await send('put', `/api/v1/admin/fora/${forum.id}/members/${member}`).expect(200);
      await send('delete', `/api/v1/admin/fora/${forum.id}/members/${member}`).expect(200);
      await send('delete', `/api/v1/admin/fora/${forum.id}/authorities/${politi}`).expect(200);

      const forumRows = await logOf('Forum', forum.id);
      expect(forumRows.map((r) => [r.action, changes(r)])).toEqual([
        ['CREATE', { code: { from: null, to: 'psp-log' }, name: { from: null, to: 'PSP Log' }, active: { from: null, to: true } }],
        ['UPDATE', { name: { from: 'PSP Log', to: 'PSP Log (omdøbt)' } }],
      ]);
      const membership = await logOf('ForumMembership', forum.id);
      expect(membership.map((r) => [r.action, changes(r)])).toEqual([
        ['CREATE', { authorityId: { from: null, to: pch }, code: { from: null, to: 'pch' } }],
        ['CREATE', { authorityId: { from: null, to: politi }, code: { from: null, to: 'politi-nordsjaelland' } }],
        ['CREATE', { userId: { from: null, to: member }, username: { from: null, to: 'koordinator.politi' } }],
        ['DELETE', { userId: { from: member, to: null }, username: { from: 'koordinator.politi', to: null } }],
        ['DELETE', { authorityId: { from: politi, to: null }, code: { from: 'politi-nordsjaelland', to: null } }],
      ]);
      for (const r of [...forumRows, ...membership]) expect(r).toMatchObject(byAdmin);
    });

    it('a change that fails leaves neither the change nor a log row', async () => {
      const before = Number((await db.dataSource.query(`SELECT count(*) AS n FROM access_log WHERE purpose = 'ADMINISTRATION'`))[0].n);
      // Refused by a rule: nothing changes, nothing is logged.
      await send('post', '/api/v1/admin/authorities', { code: 'kommune-log', name: 'Igen', kind: 'MUNICIPALITY' }).expect(409);
      await send('patch', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', { active: false }).expect(404);
      // The log row cannot be written: the change is not made either.
      const id = await authorityId('kommune-log');
      await db.dataSource.query(`ALTER TABLE access_log ADD CONSTRAINT test_refuse_admin_row CHECK (detail IS NULL OR detail NOT LIKE '%Afvist af testen%') NOT VALID`);
      try {
        const res = await send('patch', `/api/v1/admin/authorities/${id}`, { name: 'Afvist af testen' });
        expect(res.status).toBeGreaterThanOrEqual(400);
      } finally {
        await db.dataSource.query(`ALTER TABLE access_log DROP CONSTRAINT test_refuse_admin_row`);
      }
      expect((await db.dataSource.query(`SELECT name FROM authority WHERE id = $1`, [id]))[0].name).toBe('Log Kommune, Socialforvaltningen');
      expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM access_log WHERE purpose = 'ADMINISTRATION'`))[0].n)).toBe(before);
    });

    it('the auditor finds them by resource type, id, action and actor, and the chain verifies', async () => {
      const [{ id: adminId }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
      const [{ id: userId }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'logget.bruger'`);
      const page = (await get(`/api/v1/audit/log?resourceType=User&resourceId=${userId}&action=UPDATE&actorUserId=${adminId}`, auditor).expect(200)).body;
      expect(page.total).toBe(3);
      expect(page.items.map((i: { detail: string }) => Object.keys(JSON.parse(i.detail)))).toEqual([['authorityId', 'roles'], ['active'], ['email', 'active']]);
      const memberships = (await get('/api/v1/audit/log?resourceType=ForumMembership&action=DELETE', auditor).expect(200)).body;
      expect(memberships.total).toBeGreaterThanOrEqual(2);
      expect(memberships.items.every((i: { resourceType: string; action: string; purpose: string }) => i.resourceType === 'ForumMembership' && i.action === 'DELETE' && i.purpose === 'ADMINISTRATION')).toBe(true);
      const csv = await get('/api/v1/audit/log.csv?resourceType=Authority', auditor).expect(200);
      expect(csv.text).toContain('kommune-log');
      await get('/api/v1/audit/log?resourceType=User%3BDROP', auditor).expect(400);
      expect((await get('/api/v1/audit/verify', auditor).expect(200)).body).toMatchObject({ ok: true });
    });
  });
});
