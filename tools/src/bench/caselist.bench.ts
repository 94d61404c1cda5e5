import autocannon from 'autocannon';
import { addCalendarDays, copenhagenDate } from '@psp/domain';
import { acceptedPersons, egedalSteps, runStackBench } from './bench-stack';
import { loadTest } from './stats';

/**
 * `npm run bench:caselist`: the case list of a forum with 500 active fokuspersoner and 5,000
 * steps (a tenth overdue, some blocked), read through the api while the agenda is open: each read
 * brings the list up to date from live data, decrypts every name and logs one event naming every
 * person. Exact percentiles of every request of the measured runs (after a warm-up). Targets: one
 * reader p95 under 40 ms, eight readers p95 under 150 ms.
 */
const PERSONS = Number(process.env['BENCH_PERSONS'] ?? 500);
const STEPS_PER_PERSON = 10;
/** One coordinator reading the list, then eight at once (a forum has a handful). */
const CONNECTIONS = (process.env['BENCH_CONNECTIONS'] ?? '1,8').split(',').map(Number);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);

runStackBench('bench:caselist', async (stack, db) => {
  const { token, call, forumId, owner, assignee } = await egedalSteps(stack, db);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const persons = await acceptedPersons(stack.apiUrl, token, forumId, PERSONS, 1, 'Sagslistens Person');
  // 5,000 steps straight into the plans (their workflows play no part in reading the list): a tenth overdue, a twentieth blocked.
  const today = copenhagenDate(new Date());
  await db.query(`INSERT INTO helhedsplan (fokusperson_id) SELECT unnest($1::uuid[])`, [persons]);
  await db.query(
    `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, block_reason)
     SELECT gen_random_uuid(), h.id, h.fokusperson_id, 1, $1, $2,
            CASE WHEN n % 10 = 0 THEN $3::date - 3 ELSE $3::date + 20 END,
            CASE WHEN n % 20 = 5 THEN 'BLOCKED' WHEN n % 3 = 0 THEN 'IN_PROGRESS' ELSE 'ASSIGNED' END,
            CASE WHEN n % 20 = 5 THEN 'WAITING_ON_OTHER_AUTHORITY' END
       FROM helhedsplan h CROSS JOIN generate_series(1, $4) AS n`,
    [owner, assignee, today, STEPS_PER_PERSON],
  );
  // Some are due for review at the meeting.
  await db.query(`UPDATE fokusperson SET next_review_date = $2 WHERE id = ANY($1)`, [persons.filter((_, i) => i % 4 === 0), addCalendarDays(today, 10)]);

  const meeting = await call('POST', `/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(`${addCalendarDays(today, 20)}T08:00:00Z`).toISOString() });
  if (meeting.status !== 201) throw new Error(`meeting: ${JSON.stringify(meeting.body)}`);
  const url = `${stack.apiUrl}/api/v1/meetings/${meeting.body['id']}/agenda`;
  const first = await call('GET', `/api/v1/meetings/${meeting.body['id']}/agenda`);
  const items = (first.body['items'] as unknown[]).length;

  // Fresh statistics, as autovacuum keeps them in a running system.
  await db.query('ANALYZE');
  // Warm-up (not counted), then the measured runs.
  await autocannon({ url, connections: 2, duration: 3, headers });
  const runs = [];
  for (const connections of CONNECTIONS) runs.push(await loadTest({ url, connections, duration: SECONDS, headers }));
  const [{ rows: logRows, persons: loggedPersons }] = (
    await db.query(`SELECT count(*) AS rows, coalesce(sum(coalesce(cardinality(fokusperson_ids), 1)), 0) AS persons FROM access_log WHERE resource_type = 'CaseList'`)
  ).rows;
  const result = {
    benchmark: 'bench:caselist',
    persons: PERSONS,
    steps: PERSONS * STEPS_PER_PERSON,
    itemsOnList: items,
    seconds: SECONDS,
    api: runs,
    accessLog: { caseListRows: Number(logRows), personsNamed: Number(loggedPersons) },
    targets: { oneReaderP95ms: 40, eightReadersP95ms: 150 },
  };
  return result;
});
