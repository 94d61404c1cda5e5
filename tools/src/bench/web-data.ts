import { addBusinessDays, copenhagenDate } from '@psp/domain';
import type { Client } from 'pg';
import { acceptedPersons, callApi, egedalSteps, settleNotices, type BenchStack } from './bench-stack';

/** The data bench:web (web.bench.ts) measures with, made through the api and settled before the browser starts. */
const AUTHORITY_STEPS = Number(process.env['BENCH_WEB_STEPS'] ?? 500);
const PERSONS = 50;
const CONCURRENCY = 16;
export const CASEWORKER = 'sagsbehandler.egedal';
export const SUPERVISOR = 'leder.egedal';
/** Colleagues of the caseworker, made through the admin api, who get the authority's other steps. */
const COLLEAGUES = ['Bente Bech', 'Carsten Dahl', 'Dorthe Eskildsen', 'Erik Friis'];

/**
 * The data: 50 accepted people in forum psp-pcb; 500 steps owned by Egedal, added through the api
 * (each starts its workflow), a tenth of them (50) for the caseworker, the rest spread over four
 * colleagues made through the admin api. Of every ten: six overdue (time passes: their due date
 * is moved back in the database), one due within 5 days, two later, one blocked by its assignee
 * through the api.
 */
export async function makeData(stack: BenchStack, db: Client) {
  const { token, call, forumId, owner, assignee } = await egedalSteps(stack, db);
  const adminToken = await stack.tokenFor('admin');
  const colleagues: { id: string; username: string }[] = [];
  for (const [c, displayName] of COLLEAGUES.entries()) {
    const username = `web.egedal.${c}`;
    const u = await callApi(stack.apiUrl, adminToken, 'POST', '/api/v1/admin/users', { username, displayName, email: `${username}@psp.example`, authorityId: owner, roles: ['CASEWORKER'] });
    if (u.status !== 201) throw new Error(`user: ${JSON.stringify(u.body)}`);
    colleagues.push({ id: u.body['id'] as string, username });
  }
  const persons = await acceptedPersons(stack.apiUrl, token, forumId, PERSONS, 0, 'Webmåling Borger');

  const today = copenhagenDate(new Date());
  const kindOf = (i: number) => (i % 10 < 6 ? 'overdue' : i % 10 === 6 ? 'soon' : i % 10 === 9 ? 'blocked' : 'later');
  // Steps 0-9, 100-109, ...: the caseworker's (every kind); the others round the colleagues.
  const assigneeOf = (i: number) => (Math.floor(i / 10) % 10 === 0 ? { id: assignee, username: CASEWORKER } : colleagues[i % colleagues.length]!);
  const steps: { id: string; i: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < AUTHORITY_STEPS; i = next++) {
        const res = await call('POST', `/api/v1/fokuspersoner/${persons[i % PERSONS]}/helhedsplan/steps`, {
          description: `Opfølgning ${i + 1}: kontakt borgeren og aftal et møde om bolig, behandling og netværk`,
          ownerAuthorityId: owner,
          assigneeUserId: assigneeOf(i).id,
          dueDate: addBusinessDays(today, kindOf(i) === 'soon' ? 2 : 10 + (i % 20)),
        });
        if (res.status !== 201) throw new Error(`step: ${res.status} ${JSON.stringify(res.body)}`);
        steps.push({ id: res.body['id'] as string, i });
      }
    }),
  );
  // Blocked by the people who have them, through the api (the step workflow's update), 8 at a time.
  const tokens = new Map<string, string>();
  for (const u of [CASEWORKER, ...colleagues.map((c) => c.username)]) tokens.set(u, await stack.tokenFor(u));
  const toBlock = steps.filter((s) => kindOf(s.i) === 'blocked');
  next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let k = next++; k < toBlock.length; k = next++) {
        const s = toBlock[k]!;
        const res = await callApi(stack.apiUrl, tokens.get(assigneeOf(s.i).username)!, 'POST', `/api/v1/steps/${s.id}/block`, {
          reason: 'WAITING_ON_OTHER_AUTHORITY',
          text: 'Afventer svar fra psykiatrien om udskrivelse',
        });
        if (res.status !== 200 && res.status !== 201) throw new Error(`block: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  // Time passes: six in ten are 1-45 days past their due date.
  const late = steps.filter((s) => kindOf(s.i) === 'overdue');
  await db.query(`UPDATE step s SET due_date = $3::date - v.days FROM unnest($1::uuid[], $2::int[]) AS v(id, days) WHERE s.id = v.id`, [
    late.map((s) => s.id),
    late.map((s) => 1 + (s.i % 45)),
    today,
  ]);
  const settled = await settleNotices(db, steps.length);
  await db.query('ANALYZE');
  const byStatus = Object.fromEntries(
    (await db.query(`SELECT status, count(*)::int AS n FROM step WHERE owner_authority_id = $1 GROUP BY status ORDER BY status`, [owner])).rows.map((r: { status: string; n: number }) => [r.status, r.n]),
  );
  const overdueSteps = Number(
    (await db.query(`SELECT count(*) AS n FROM step WHERE owner_authority_id = $1 AND due_date < $2::date AND status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')`, [owner, today])).rows[0].n,
  );
  return {
    persons: PERSONS,
    authoritySteps: steps.length,
    caseworkerSteps: steps.filter((s) => assigneeOf(s.i).username === CASEWORKER).length,
    caseworkers: 1 + colleagues.length,
    overdueSteps,
    byStatus,
    workerSettledSeconds: settled,
  };
}

export async function userId(db: Client, username: string): Promise<string> {
  return ((await db.query(`SELECT id FROM app_user WHERE username = $1`, [username])).rows[0] as { id: string }).id;
}

export const MEETING_COORDINATOR = 'koordinator.pcb';
export const MINUTES_COORDINATOR = 'koordinator.hilleroed';
export const CASE_LIST = Number(process.env['BENCH_WEB_CASE_LIST'] ?? 500);
export const MINUTES_ITEMS = Number(process.env['BENCH_WEB_MINUTES_ITEMS'] ?? 60);

/**
 * The coordinator's pages: in forum psp-pcb a planned meeting whose case list holds every
 * accepted person (the 50 of makeData and 450 more, accepted after the meeting was made, so due
 * for review at it: 500); in forum psp-pch a meeting with 60 persons, locked, whose minutes are
 * drafted for every item (decision, reason, note, one agreed step), as the editor opens them
 * mid-meeting. Made through the api, after makeData.
 */
export async function makeMeetingData(stack: BenchStack, db: Client, alreadyAccepted: number) {
  const today = copenhagenDate(new Date());
  const startsAt = new Date(`${addBusinessDays(today, 10)}T08:00:00Z`).toISOString();
  const forum = async (code: string) => (await db.query(`SELECT id, name FROM forum WHERE code = $1`, [code])).rows[0] as { id: string; name: string };
  const meetingFor = async (token: string, forumId: string, persons: number, series: number, label: string) => {
    const meeting = await callApi(stack.apiUrl, token, 'POST', `/api/v1/forums/${forumId}/meetings`, { startsAt, location: 'Politistationen, mødelokale 2' });
    if (meeting.status !== 201) throw new Error(`meeting: ${meeting.status} ${JSON.stringify(meeting.body)}`);
    await acceptedPersons(stack.apiUrl, token, forumId, persons, series, label);
    const id = meeting.body['id'] as string;
    const agenda = await callApi(stack.apiUrl, token, 'GET', `/api/v1/meetings/${id}/agenda`);
    return { id, itemIds: (agenda.body['items'] as { itemId: string }[]).map((i) => i.itemId) };
  };

  const pcb = await forum('psp-pcb');
  const meeting = await meetingFor(await stack.tokenFor(MEETING_COORDINATOR), pcb.id, CASE_LIST - alreadyAccepted, 1, 'Sagslistens Borger');

  const pch = await forum('psp-pch');
  const token = await stack.tokenFor(MINUTES_COORDINATOR);
  const minutes = await meetingFor(token, pch.id, MINUTES_ITEMS, 2, 'Referatets Borger');
  const locked = await callApi(stack.apiUrl, token, 'POST', `/api/v1/meetings/${minutes.id}/lock`);
  if (locked.status !== 200) throw new Error(`lock: ${locked.status} ${JSON.stringify(locked.body)}`);
  const owner = ((await db.query(`SELECT id FROM authority WHERE code = 'kommune-hilleroed'`)).rows[0] as { id: string }).id;
  const assignee = await userId(db, 'sagsbehandler.hilleroed');
  const draft = await callApi(stack.apiUrl, token, 'PUT', `/api/v1/meetings/${minutes.id}/minutes`, {
    attendance: [],
    items: minutes.itemIds.map((itemId, i) => ({
      itemId,
      decision: 'CONTINUE',
      reason: `Borgeren er stadig i målgruppen; planen følges op (punkt ${i + 1}).`,
      note: 'Politiet oplyser to henvendelser siden sidst. Psykiatrien har tilbudt ambulant opfølgning.',
      steps: [{ description: 'Kontakt borgeren og aftal et møde om bolig og netværk', ownerAuthorityId: owner, assigneeUserId: assignee, dueDate: addBusinessDays(today, 20) }],
    })),
  });
  if (draft.status !== 200) throw new Error(`minutes: ${draft.status} ${JSON.stringify(draft.body)}`);
  return {
    meeting: { id: meeting.id, forumName: pcb.name, items: meeting.itemIds.length },
    minutes: { id: minutes.id, forumName: pch.name, itemIds: minutes.itemIds },
  };
}
