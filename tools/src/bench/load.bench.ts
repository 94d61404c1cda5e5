import { addBusinessDays, addCalendarDays, copenhagenDate } from '@psp/domain';
import { acceptedPersons, callApi, percentile, runStackBench } from './bench-stack';

/**
 * `npm run bench:load`: a mixed workload at 64 connections for 60 s on the whole stack (api,
 * worker, Temporal dev server, PostgreSQL): coordinators reading the case list, caseworkers
 * reading their tasks and working them (acknowledge, start, complete through the step workflow),
 * supervisors reading oversight. Reports throughput, error rate and p50/p99 per route class.
 * Targets: error rate 0, p99 under 100 ms.
 */
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const PERSONS = 60;
/** Caseworkers per forum (made through the admin api), each with this many steps: a realistic inbox. */
const CASEWORKERS_PER_FORUM = 8;
const STEPS_PER_CASEWORKER = 20;

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
    return 'tasks';
  };
  const deadline = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, n) => {
      while (Date.now() < deadline) {
        let cls = pick();
        // Connection n plays caseworker n (and their supervisor), so a caseworker's actions never race.
        const cw = caseworkers[n % caseworkers.length]!;
        const meeting = meetings[n % meetings.length]!;
        const action = cls === 'taskAction' && n < caseworkers.length ? queues[cw.username]!.shift() : undefined;
        if (cls === 'taskAction' && !action) cls = 'tasks';
        const started = performance.now();
        const res =
          cls === 'caseList'
            ? await call(meeting.coordinator, 'GET', `/api/v1/meetings/${meeting.id}/agenda`)
            : cls === 'tasks'
              ? await call(cw.username, 'GET', '/api/v1/me/tasks')
              : cls === 'oversight'
                ? await call(cw.supervisor, 'GET', '/api/v1/oversight/overdue?soonDays=5')
                : await call(cw.username, 'POST', `/api/v1/steps/${action}`, action!.endsWith('complete') ? { outcome: 'Udført under belastning' } : undefined);
        const s = stats[cls];
        s.ms.push(performance.now() - started);
        s.statuses[res.status] = (s.statuses[res.status] ?? 0) + 1;
        if (res.status >= 400) s.errors++;
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  const total = Object.values(stats).reduce((a, s) => a + s.ms.length, 0);
  const errors = Object.values(stats).reduce((a, s) => a + s.errors, 0);
  const routes = Object.fromEntries(
    Object.entries(stats).map(([cls, s]) => {
      const sorted = [...s.ms].sort((a, b) => a - b);
      return [cls, { requests: s.ms.length, perSecond: Number((s.ms.length / seconds).toFixed(1)), p50ms: Math.round(percentile(sorted, 50)), p99ms: Math.round(percentile(sorted, 99)), errors: s.errors, statuses: s.statuses }];
    }),
  );
  return {
    benchmark: 'bench:load',
    connections: CONNECTIONS,
    seconds: Math.round(seconds),
    mix: Object.fromEntries(MIX),
    data: { persons: PERSONS, caseworkers: caseworkers.length, steps: caseworkers.length * STEPS_PER_CASEWORKER, caseListItems: Number((await db.query(`SELECT count(*) AS n FROM meeting_item`)).rows[0].n) },
    total: { requests: total, perSecond: Number((total / seconds).toFixed(1)), errorRate: Number((errors / Math.max(1, total)).toFixed(4)) },
    routes,
    targets: { errorRate: 0, p99ms: 100 },
  };
});
