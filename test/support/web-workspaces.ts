import request from 'supertest';
import { addBusinessDays, addCalendarDays, copenhagenDate } from '@psp/domain';
import { startTestApi, type TestApi } from './api';
import { testCpr } from './cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './services';
import { until } from './until';
import { startTestWorker, type RunningWorker } from './worker';

/** Where the web app lives in these suites: not the api's own address, so a link built from the wrong setting shows. */
export const WEB = 'https://web.psp.test';

type AccessLogRow = { action: string; resource_id: string | null; fokusperson_id: string | null; outcome: string; query: string | null };

/**
 * The web app's workspaces through /api/v1 (web-api.test.ts, web-api-oversight.test.ts): a
 * database of its own, the api and the worker with links to WEB, the users' tokens, ids and names,
 * and one accepted person with goals in their plan, led by Egedal. Filled in by the beforeAll this
 * registers, which then hands it to `bind` (for a suite's own variables); undone by its afterAll.
 */
export interface Workspaces {
  db: TestDatabase;
  api: TestApi;
  worker: RunningWorker;
  person: string;
  plan: string;
  cpr: ReturnType<typeof testCpr>;
  /** Users' ids by username, authorities' and fora's by code. */
  ids: Record<string, string>;
  /** Users' display names, authorities' and fora's names. */
  names: Record<string, string>;
  tokens: Record<string, string>;
  /** A caller with a request id of its own, to find what the request logged. */
  as(user: string): { requestId: string; get(path: string): request.Test; post(path: string, body?: object): request.Test; put(path: string, body?: object): request.Test };
  logOf(requestId: string): Promise<AccessLogRow[]>;
  /** Each log row of the request: its action and every person it names, sorted (one person, or the list of a use of several). */
  namedIn(requestId: string): Promise<{ action: string; persons: string[] }[]>;
  until(what: string, check: () => Promise<boolean>): Promise<void>;
  today(): string;
  inFuture(businessDays: number): string;
  calendarDays(from: string, to: string): number;
  newStep(description: string, dueDate?: string, assignee?: string): Promise<string>;
  /** Moves a due date into the past, which the api refuses to do (it validates dates people set). */
  makeOverdue(stepId: string, days: number): Promise<unknown>;
}

export function useWorkspaces(bind: (workspaces: Workspaces) => void): Workspaces {
  const w = { cpr: testCpr(), ids: {}, names: {}, tokens: {} } as Workspaces;
  const { ids, names, tokens } = w;
  const as = (w.as = (user) => {
    const requestId = uniqueName('web-req');
    const go = (t: request.Test) => t.set('Authorization', tokens[user]).set('X-Request-Id', requestId);
    return {
      requestId,
      get: (path) => go(request(w.api.http).get(path)),
      post: (path, body) => go(request(w.api.http).post(path)).send(body),
      put: (path, body) => go(request(w.api.http).put(path)).send(body),
    };
  });

  beforeAll(async () => {
    w.db = await createTestDatabase();
    const taskQueue = uniqueName('web-api');
    w.api = await startTestApi({ dataSource: w.db.dataSource, databaseUrl: w.db.url, taskQueue, env: { WEB_BASE_URL: WEB } });
    w.worker = await startTestWorker({ dataSource: w.db.appDataSource, taskQueue, webBaseUrl: WEB });
    const users = ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'leder.politi', 'leder.pch', 'sagsbehandler.pch', 'sagsbehandler.politi', 'admin', 'revisor'];
    for (const u of users) {
      tokens[u] = `Bearer ${await w.api.tokenFor(u)}`;
      [{ id: ids[u], display_name: names[u] }] = await w.db.dataSource.query(`SELECT id, display_name FROM app_user WHERE username = $1`, [u]);
    }
    for (const code of ['kommune-egedal', 'pch', 'psp-pcb', 'psp-pch']) {
      const table = code.startsWith('psp-') ? 'forum' : 'authority';
      [{ id: ids[code], name: names[code] }] = await w.db.dataSource.query(`SELECT id, name FROM ${table} WHERE code = $1`, [code]);
    }
    const coordinator = as('koordinator.pcb');
    const nominated = await coordinator
      .post('/api/v1/fokuspersoner', {
        forumId: ids['psp-pcb'],
        cpr: w.cpr.formatted,
        name: 'Vera Webside',
        criteria: { challenges: ['SUBSTANCE_ABUSE'], frequentContactWith: ['MUNICIPALITY'], reason: 'Fælles indsats nødvendig' },
      })
      .expect(201);
    const person = (w.person = nominated.body.id);
    await coordinator.post(`/api/v1/fokuspersoner/${person}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på mødet' }).expect(200);
    await coordinator.put(`/api/v1/fokuspersoner/${person}/lead-authority`, { authorityId: ids['kommune-egedal'], reason: 'Kommunen har forløbet' }).expect(200);
    await coordinator.put(`/api/v1/fokuspersoner/${person}/helhedsplan/goals`, { goals: ['Stabil bolig', 'Fast kontakt til psykiatrien'], change: 'Mål aftalt' }).expect(200);
    [{ id: w.plan }] = await w.db.dataSource.query(`SELECT id FROM helhedsplan WHERE fokusperson_id = $1`, [person]);
    bind(w);
  });

  afterAll(async () => {
    await w.worker.stop();
    await w.api.close();
    await w.db.drop();
  });

  w.logOf = (requestId) =>
    w.db.dataSource.query(`SELECT action, resource_id, fokusperson_id, outcome, query FROM access_log WHERE request_id = $1 ORDER BY seq`, [requestId]);
  w.namedIn = async (requestId) =>
    (
      await w.db.dataSource.query(
        `SELECT action, coalesce(fokusperson_ids::text[], CASE WHEN fokusperson_id IS NULL THEN '{}'::text[] ELSE ARRAY[fokusperson_id::text] END) AS persons
           FROM access_log WHERE request_id = $1 ORDER BY seq`,
        [requestId],
      )
    ).map((r: { action: string; persons: string[] }) => ({ action: r.action, persons: [...r.persons].sort() }));
  w.until = (what, check) => until(what, check);
  w.today = () => copenhagenDate(new Date());
  w.inFuture = (businessDays) => addBusinessDays(w.today(), businessDays);
  w.calendarDays = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  w.newStep = async (description, dueDate = w.inFuture(10), assignee = 'sagsbehandler.egedal') => {
    const res = await as('koordinator.pcb')
      .post(`/api/v1/fokuspersoner/${w.person}/helhedsplan/steps`, { description, ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids[assignee], dueDate })
      .expect(201);
    return res.body.id;
  };
  w.makeOverdue = (stepId, days) => w.db.dataSource.query(`UPDATE step SET due_date = $2 WHERE id = $1`, [stepId, addCalendarDays(w.today(), -days)]);
  return w;
}
