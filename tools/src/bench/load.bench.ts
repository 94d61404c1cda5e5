import { addBusinessDays, addCalendarDays, copenhagenDate } from '@psp/domain';
import { acceptedPersons, callApi, runStackBench, settleNotices } from './bench-stack';
import { latencies } from './stats';

/**
 * `npm run bench:load`: a mixed workload at 64 connections for 60 s on the whole stack (api,
 * worker, Temporal dev server, PostgreSQL): coordinators reading the case list, caseworkers
 * reading their tasks and working them (acknowledge, start, complete: the api changes the step
 * and signals its workflow), supervisors reading oversight. Every request draws its class from
 * the declared mix; a task action goes to a caseworker no other connection is acting for (so a
 * caseworker's actions never race), waiting for one if all are busy. A warm-up of 5 s is not
 * counted. Reports throughput, the mix actually run, error rate and exact p50/p95/p99 per route
 * class. Targets: 0 errors, p99 under 250 ms, at least 300 req/s.
 */
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const WARMUP_SECONDS = 5;
const PERSONS = 60;
/**
 * Caseworkers per forum (made through the admin api), each with this many steps: enough actions
 * (three per step) for the run's share of task actions: 65 s at 64/s used 3,881 of the 4,320 that
 * 12 caseworkers a forum gave; 16 give 5,760. More caseworkers rather than more steps each, so a
 * caseworker's task list stays 60 steps long (90 made every list read half as heavy again).
 */
const CASEWORKERS_PER_FORUM = 16;
const STEPS_PER_CASEWORKER = 60;

type RouteClass = 'caseList' | 'tasks' | 'taskAction' | 'oversight';
/** The share of each class in the mix. */
const MIX: [RouteClass, number][] = [
  ['caseList', 0.1],
  ['tasks', 0.4],
  ['taskAction', 0.2],
  ['oversight', 0.3],
];

runStackBench('bench:load', async (stack, db) => {
  const tokens: Record<string, string> = {};
  for (const u of ['admin', 'koordinator.pcb', 'koordinator.hilleroed', 'leder.egedal', 'leder.pch']) tokens[u] = await stack.tokenFor(u);
  const call = (user: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => callApi(stack.apiUrl, tokens[user]!, method, path, body);
  const one = async (sql: string) => (await db.query(sql)).rows[0] as { id: string };

  // Two fora, each with people and steps for its caseworker; half the people are due for review.
  const fora = [
    { code: 'psp-pcb', coordinator: 'koordinator.pcb', owner: 'kommune-egedal', supervisor: 'leder.egedal' },
    { code: 'psp-pch', coordinator: 'koordinator.hilleroed', owner: 'pch', supervisor: 'leder.pch' },
  ];
  const caseworkers: { username: string; supervisor: string }[] = [];
  const meetings: { coordinator: string; id: string }[] = [];
  const today = copenhagenDate(new Date());
  for (const [f, forum] of fora.entries()) {
    const forumId = (await one(`SELECT id FROM forum WHERE code = '${forum.code}'`)).id;
    const owner = (await one(`SELECT id FROM authority WHERE code = '${forum.owner}'`)).id;
    const assignees: string[] = [];
    for (let c = 0; c < CASEWORKERS_PER_FORUM; c++) {
      const username = `belastning.${forum.owner}.${c}`;
      const u = await call('admin', 'POST', '/api/v1/admin/users', { username, displayName: `Belastning ${c}`, email: `${username}@psp.example`, authorityId: owner, roles: ['CASEWORKER'] });
      if (u.status !== 201) throw new Error(`user: ${JSON.stringify(u.body)}`);
      tokens[username] = await stack.tokenFor(username);
      caseworkers.push({ username, supervisor: forum.supervisor });
      assignees.push(u.body['id'] as string);
    }
    const persons = await acceptedPersons(stack.apiUrl, tokens[forum.coordinator]!, forumId, PERSONS / 2, 2 + f, `Belastning ${forum.code}`);
    await db.query(`UPDATE fokusperson SET next_review_date = $2 WHERE id = ANY($1)`, [persons.filter((_, i) => i % 2 === 0), addCalendarDays(today, 5)]);
    for (let i = 0; i < CASEWORKERS_PER_FORUM * STEPS_PER_CASEWORKER; i++) {
      const s = await call(forum.coordinator, 'POST', `/api/v1/fokuspersoner/${persons[i % persons.length]}/helhedsplan/steps`, {
        description: `Belastningshandling ${i}`,
        ownerAuthorityId: owner,
        assigneeUserId: assignees[i % assignees.length],
        dueDate: addBusinessDays(today, 1 + (i % 15)),
      });
      if (s.status !== 201) throw new Error(`step: ${JSON.stringify(s.body)}`);
    }
    const m = await call(forum.coordinator, 'POST', `/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(`${addCalendarDays(today, 20)}T08:00:00Z`).toISOString() });
    meetings.push({ coordinator: forum.coordinator, id: m.body['id'] as string });
  }
  // The worker's work from setting up (each new step's assignment notice) is done before the run.
  const settledSeconds = await settleNotices(db, caseworkers.length * STEPS_PER_CASEWORKER);
  await db.query('ANALYZE');

  // Each caseworker works their steps one by one: acknowledge, start, complete (one action per turn).
  const queues: Record<string, string[]> = {};
  for (const cw of caseworkers) {
    const rows = (await db.query(`SELECT s.id FROM step s JOIN app_user u ON u.id = s.assignee_user_id WHERE u.username = $1 ORDER BY s.due_date, s.id`, [cw.username])).rows as { id: string }[];
    queues[cw.username] = rows.flatMap((r) => [`${r.id}/acknowledge`, `${r.id}/start`, `${r.id}/complete`]);
  }
  const stats: Record<RouteClass, { ms: number[]; errors: number; statuses: Record<number, number> }> = {
    caseList: { ms: [], errors: 0, statuses: {} },
    tasks: { ms: [], errors: 0, statuses: {} },
    taskAction: { ms: [], errors: 0, statuses: {} },
    oversight: { ms: [], errors: 0, statuses: {} },
  };
  const pick = (): RouteClass => {
    let r = Math.random();
    for (const [c, share] of MIX) if ((r -= share) < 0) return c;
    return MIX[MIX.length - 1]![0];
  };
  /** A caseworker with an action left whom no connection is acting for; waits while all are busy. */
  const busy = new Set<string>();
  let turn = 0;
  const freeCaseworker = async (): Promise<string | undefined> => {
    for (;;) {
      const waiting = caseworkers.filter((c) => queues[c.username]!.length > 0);
      if (waiting.length === 0) return undefined;
      const free = waiting.filter((c) => !busy.has(c.username));
      if (free.length > 0) return free[turn++ % free.length]!.username;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const request = async (cls: RouteClass, n: number) => {
    const cw = caseworkers[n % caseworkers.length]!;
    const meeting = meetings[n % meetings.length]!;
    if (cls === 'caseList') return call(meeting.coordinator, 'GET', `/api/v1/meetings/${meeting.id}/agenda`);
    if (cls === 'tasks') return call(cw.username, 'GET', '/api/v1/me/tasks');
    if (cls === 'oversight') return call(cw.supervisor, 'GET', '/api/v1/oversight/overdue?soonDays=5');
    const actor = await freeCaseworker();
    if (!actor) throw new Error('the caseworkers have no task actions left: make more steps (STEPS_PER_CASEWORKER)');
    busy.add(actor);
    try {
      const action = queues[actor]!.shift()!;
      return await call(actor, 'POST', `/api/v1/steps/${action}`, action.endsWith('complete') ? { outcome: 'Udført under belastning' } : undefined);
    } finally {
      busy.delete(actor);
    }
  };
  const drive = async (seconds: number, record: boolean) => {
    const deadline = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, n) => {
        while (Date.now() < deadline) {
          const cls = pick();
          const started = performance.now();
          const res = await request(cls, n);
          if (!record) continue;
          const s = stats[cls];
          s.ms.push(performance.now() - started);
          s.statuses[res.status] = (s.statuses[res.status] ?? 0) + 1;
          if (res.status >= 400) s.errors++;
        }
      }),
    );
  };
  await drive(WARMUP_SECONDS, false);
  const t0 = Date.now();
  await drive(SECONDS, true);
  const seconds = (Date.now() - t0) / 1000;
  const total = Object.values(stats).reduce((a, s) => a + s.ms.length, 0);
  const errors = Object.values(stats).reduce((a, s) => a + s.errors, 0);
  const routes = Object.fromEntries(
    Object.entries(stats).map(([cls, s]) => [cls, { requests: s.ms.length, perSecond: Number((s.ms.length / seconds).toFixed(1)), latencyMs: latencies(s.ms), errors: s.errors, statuses: s.statuses }]),
  );
  return {
    benchmark: 'bench:load',
    connections: CONNECTIONS,
    seconds: Math.round(seconds),
    mix: { declared: Object.fromEntries(MIX), run: Object.fromEntries(Object.entries(stats).map(([cls, st]) => [cls, Number((st.ms.length / Math.max(1, total)).toFixed(3))])) },
    warmupSeconds: WARMUP_SECONDS,
    setupSettledSeconds: settledSeconds,
    data: { persons: PERSONS, caseworkers: caseworkers.length, steps: caseworkers.length * STEPS_PER_CASEWORKER, caseListItems: Number((await db.query(`SELECT count(*) AS n FROM meeting_item`)).rows[0].n) },
    total: { requests: total, perSecond: Number((total / seconds).toFixed(1)), errors, latencyMs: latencies(Object.values(stats).flatMap((st) => st.ms)) },
    routes,
    targets: { errors: 0, p99ms: 250, perSecond: 300 },
  };
});
