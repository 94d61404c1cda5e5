import request from 'supertest';
import { addBusinessDays, copenhagenDate, copenhagenInstant } from '@psp/domain';
import { meetingScheduleId } from '@psp/workflow-contracts';
import { Client, Connection } from '@temporalio/client';
import { startTestApi, type TestApi } from './api';
import { testCpr } from './cpr';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './services';
import { startSmtpSink } from './smtp';
import { testTemporalClient } from './temporal';
import { until } from './until';
import { startTestWorker, type RunningWorker } from './worker';

type Caller = {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
};

/**
 * Forum psp-pcb over HTTP on the dev server (the meetings and Temporal-privacy suites): a database
 * of its own, the api and the worker on one task queue, a Temporal client with the codec, the
 * named users' tokens and ids. Filled in by the beforeAll this registers, which then hands it to
 * `bind` (for a suite's own variables); undone by its afterAll.
 */
export interface ForumStack {
  db: TestDatabase;
  api: TestApi;
  worker: RunningWorker;
  /** Our own client, with the codec: what api and worker use. */
  temporal: Client;
  /** With `outsider`: someone who reaches Temporal, no codec, no keys. */
  outsider: Client;
  /** With `smtp`: the sink the worker's mailer sends to. */
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  taskQueue: string;
  /** Users' and authorities' ids, by username and by code. */
  ids: Record<string, string>;
  tokens: Record<string, string>;
  forumId: string;
  as(user: string, requestId?: string): Caller;
  coordinator: Caller;
  until(what: string, check: () => Promise<boolean>, tries?: number): Promise<void>;
  count(sql: string, params?: unknown[]): Promise<number>;
  today(): string;
  nominate(name: string, cpr?: string): Promise<string>;
  /** An extra meeting of the forum at noon 3 business days ahead, by its coordinator: just past the preparation window (a closer one is refused). */
  extraMeeting(location?: string): Promise<{ id: string }>;
  /** Time passes: the meeting's start moves a minute into the past, as when its day has come. */
  beginMeeting(meetingId: string): Promise<void>;
}

export function useForumStack(
  opts: { name: string; users: string[]; authorities: string[]; smtp?: boolean; outsider?: boolean },
  bind: (stack: ForumStack) => void,
): ForumStack {
  const s = { taskQueue: uniqueName(opts.name), ids: {}, tokens: {} } as ForumStack;
  const { ids, tokens, taskQueue } = s;

  beforeAll(async () => {
    s.db = await createTestDatabase();
    if (opts.smtp) s.smtp = await startSmtpSink();
    s.api = await startTestApi({ dataSource: s.db.dataSource, databaseUrl: s.db.url, taskQueue });
    s.worker = await startTestWorker({ dataSource: s.db.appDataSource, taskQueue, ...(opts.smtp ? { smtpUrl: s.smtp.url } : {}) });
    s.temporal = await testTemporalClient();
    if (opts.outsider) s.outsider = new Client({ connection: await Connection.connect({ address: testServices().temporalAddress }) });
    for (const u of opts.users) {
      tokens[u] = `Bearer ${await s.api.tokenFor(u)}`;
      [{ id: ids[u] }] = await s.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [u]);
    }
    for (const code of opts.authorities) {
      [{ id: ids[code] }] = await s.db.dataSource.query(`SELECT id FROM authority WHERE code = $1`, [code]);
    }
    [{ id: s.forumId }] = await s.db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    bind(s);
  });

  afterAll(async () => {
    await s.temporal?.schedule.getHandle(meetingScheduleId(taskQueue, s.forumId)).delete().catch(() => undefined);
    await s.worker?.stop();
    await s.temporal?.connection.close();
    await s.outsider?.connection.close();
    await s.smtp?.stop();
    await s.api?.close();
    await s.db?.drop();
  });

  s.as = (user, requestId) => {
    const withHeaders = (r: request.Test) => (requestId ? r.set('Authorization', tokens[user]).set('X-Request-Id', requestId) : r.set('Authorization', tokens[user]));
    return {
      get: (path) => withHeaders(request(s.api.http).get(path)),
      post: (path, body) => withHeaders(request(s.api.http).post(path)).send(body),
      put: (path, body) => withHeaders(request(s.api.http).put(path)).send(body),
      delete: (path) => withHeaders(request(s.api.http).delete(path)),
    };
  };
  s.coordinator = s.as('koordinator.pcb');
  s.until = (what, check, tries = 150) => until(what, check, tries);
  s.count = async (sql, params = []) => Number((await s.db.dataSource.query(sql, params))[0].n);
  s.today = () => copenhagenDate(new Date());
  s.nominate = async (name, cpr = testCpr().formatted) =>
    (
      await s.coordinator
        .post('/api/v1/fokuspersoner', { forumId: s.forumId, cpr, name, criteria: { challenges: ['PSYCHIATRIC_DIAGNOSIS'], frequentContactWith: ['POLICE'], reason: 'Gentagne henvendelser til politiet' } })
        .expect(201)
    ).body.id as string;
  s.extraMeeting = async (location) =>
    (
      await s.coordinator
        .post(`/api/v1/forums/${s.forumId}/meetings`, { startsAt: copenhagenInstant(addBusinessDays(s.today(), 3), 12).toISOString(), ...(location ? { location } : {}) })
        .expect(201)
    ).body as { id: string };
  s.beginMeeting = async (meetingId) => {
    await s.db.dataSource.query(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1`, [meetingId]);
  };
  return s;
}

/** meetings.test.ts and meetings-schedule.test.ts: coordinators, caseworkers, and SMTP for the invites. */
export const useMeetingsStack = (bind: (stack: ForumStack) => void) =>
  useForumStack(
    {
    name: 'meetings',
    users: ['koordinator.pcb', 'koordinator.politi', 'koordinator.hilleroed', 'sagsbehandler.egedal', 'sagsbehandler.politi'],
    authorities: ['kommune-egedal', 'politi-nordsjaelland', 'pcb'],
    smtp: true,
    },
    bind,
  );

/** temporal-privacy.test.ts and temporal-forged-update.test.ts: no SMTP, and a client without the keys. */
export const usePrivacyStack = (bind: (stack: ForumStack) => void) =>
  useForumStack(
    { name: 'privacy', users: ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'sagsbehandler.hilleroed'], authorities: ['kommune-egedal'], outsider: true },
    bind,
  );
