import { addBusinessDays, copenhagenDate } from '@psp/domain';
import { acceptedPersons, callApi, egedalSteps, runStackBench, settleNotices } from './bench-stack';
import { histogram, latencies } from './stats';

/**
 * `npm run bench:approval`: the moment a PSP meeting's minutes are approved, every assignee should
 * hear about their step. A meeting of forum psp-pcb with 60 persons on its case list; the minutes
 * agree one step per person, for 20 caseworkers of Egedal (made through the admin api); the
 * coordinator approves (one request: 60 steps written and their workflows started). Measured: from
 * the approval's answer to each step's assignment notice in its assignee's inbox (and from the
 * request), and where the worker's time went (the SDK's metrics: how long workflow tasks waited
 * in Temporal's task queue, and ran). Target: every notice within 5 s, p99.
 */
const ITEMS = Number(process.env['BENCH_APPROVAL_ITEMS'] ?? 60);
const ASSIGNEES = Number(process.env['BENCH_APPROVAL_ASSIGNEES'] ?? 20);

runStackBench(
  'bench:approval',
  async (stack, db) => {
    const { token, call, forumId, owner } = await egedalSteps(stack, db);
    const adminToken = await stack.tokenFor('admin');
    const assignees: string[] = [];
    for (let c = 0; c < ASSIGNEES; c++) {
      const username = `godkendelse.egedal.${c}`;
      const u = await callApi(stack.apiUrl, adminToken, 'POST', '/api/v1/admin/users', { username, displayName: `Godkendelse ${c}`, email: `${username}@psp.example`, authorityId: owner, roles: ['CASEWORKER'] });
      if (u.status !== 201) throw new Error(`user: ${JSON.stringify(u.body)}`);
      assignees.push(u.body['id'] as string);
    }
    // The meeting first: the persons accepted after it are due for review at it.
    const today = copenhagenDate(new Date());
    const meeting = await call('POST', `/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(`${addBusinessDays(today, 5)}T08:00:00Z`).toISOString() });
    if (meeting.status !== 201) throw new Error(`meeting: ${JSON.stringify(meeting.body)}`);
    const meetingId = meeting.body['id'] as string;
    await acceptedPersons(stack.apiUrl, token, forumId, ITEMS, 5, 'Godkendelsens Borger');
    const locked = await call('POST', `/api/v1/meetings/${meetingId}/lock`);
    if (locked.status !== 200) throw new Error(`lock: ${JSON.stringify(locked.body)}`);
    const agenda = await call('GET', `/api/v1/meetings/${meetingId}/agenda`);
    const itemIds = (agenda.body['items'] as { itemId: string }[]).map((i) => i.itemId);
    if (itemIds.length !== ITEMS) throw new Error(`the case list has ${itemIds.length} items, not ${ITEMS}`);
    const dueDate = addBusinessDays(today, 15);
    const draft = await call('PUT', `/api/v1/meetings/${meetingId}/minutes`, {
      attendance: [],
      items: itemIds.map((itemId, i) => ({
        itemId,
        decision: 'CONTINUE',
        reason: 'Planen følges',
        steps: [{ description: `Aftalt på mødet: opfølgning ${i + 1}`, ownerAuthorityId: owner, assigneeUserId: assignees[i % ASSIGNEES], dueDate }],
      })),
    });
    if (draft.status !== 200) throw new Error(`minutes: ${JSON.stringify(draft.body)}`);
    // The meeting's day has come (the workflow would mark it held at its start).
    await db.query(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1`, [meetingId]);
    const before = await settleNotices(db, 0);
    const metricsBefore = await (await fetch(stack.workerMetricsUrl!)).text();

    const asked = Date.now();
    const approved = await call('POST', `/api/v1/meetings/${meetingId}/minutes/approve`);
    const answered = Date.now();
    if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);

    const steps = (await db.query(`SELECT id, assignee_user_id FROM step WHERE fokusperson_id IN (SELECT fokusperson_id FROM meeting_item WHERE meeting_id = $1)`, [meetingId])).rows as {
      id: string;
      assignee_user_id: string;
    }[];
    const keys = steps.map((s) => `step-${s.id}:assigned-${s.assignee_user_id}:${s.assignee_user_id}`);
    const arrived = async () => (await db.query(`SELECT extract(epoch FROM created_at) * 1000 AS at FROM notification WHERE idempotency_key = ANY($1)`, [keys])).rows as { at: string }[];
    let rows = await arrived();
    for (let i = 0; i < 600 && rows.length < steps.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await arrived();
    }
    const at = rows.map((r) => Number(r.at));
    const metricsAfter = await (await fetch(stack.workerMetricsUrl!)).text();
    const delta = (name: string) => {
      const [a, b] = [histogram(metricsBefore, name), histogram(metricsAfter, name)];
      const count = b.count - a.count;
      return { tasks: count, meanMs: count ? Math.round(((b.sum - a.sum) / count) * 1000) / 1000 : null };
    };
    return {
      benchmark: 'bench:approval',
      items: ITEMS,
      assignees: ASSIGNEES,
      stepsStarted: steps.length,
      noticesArrived: at.length,
      approvalRequestMs: answered - asked,
      fromAnswerMs: latencies(at.map((t) => t - answered)),
      fromRequestMs: latencies(at.map((t) => t - asked)),
      worker: {
        note: 'seconds, from the Temporal SDK metrics of the workflow tasks run during the measurement',
        queueWait: delta('temporal_workflow_task_schedule_to_start_latency'),
        taskRun: delta('temporal_workflow_task_execution_latency'),
      },
      settledBeforeSeconds: before,
      targets: { p99FromAnswerMs: 5000 },
    };
  },
  {
    summary: (r) =>
      `\nbench:approval\n  ${r.items} items, ${r.stepsStarted} steps for ${r.assignees} assignees; the approval took ${r.approvalRequestMs} ms\n` +
      `  notices in the inbox after the approval's answer: p50 ${r.fromAnswerMs.p50} ms, p99 ${r.fromAnswerMs.p99} ms, max ${r.fromAnswerMs.max} ms (${r.noticesArrived}/${r.stepsStarted})  -> p99 < 5000 ms ${(r.fromAnswerMs.p99 ?? Infinity) < 5000 && r.noticesArrived === r.stepsStarted ? 'met' : 'MISSED'}\n` +
      `  worker: workflow tasks waited in the queue ${JSON.stringify(r.worker.queueWait)}, ran ${JSON.stringify(r.worker.taskRun)}\n`,
  },
);
