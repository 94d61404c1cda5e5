import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { addBusinessDays, copenhagenDate, copenhagenInstant, type Role } from '@psp/domain';
import { Pool } from 'pg';
import { signDevToken } from '../../../tools/src/sign-token';
import { cprFor } from '../../support/cpr';
import { devPrivateKeyPem, type StackInfo } from './stack';

export interface AgreedStep {
  description: string;
  /** Authority code of the owner, e.g. kommune-egedal. */
  owner: string;
  /** Username of the assignee, a user of the owner authority. */
  assignee: string;
  /** YYYY-MM-DD; default two weeks ahead. */
  dueDate?: string;
}

export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const today = () => copenhagenDate(new Date());
/** Unique by construction: no other run or test makes the same names. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * Test data made the way people make it, through the api with the stack's development tokens
 * (setup only: what the browser tests check is done in the browser), plus the database for what
 * only time does (a due date in the past).
 */
export class StackData {
  readonly pool: Pool;
  private readonly key: KeyObject;

  constructor(readonly stack: StackInfo) {
    this.pool = new Pool({ connectionString: stack.ownerDatabaseUrl, max: 2 });
    this.key = createPrivateKey(devPrivateKeyPem(stack));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
    const { rows } = await this.pool.query(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row from ${sql}, got ${rows.length}`);
    return rows[0] as T;
  }

  userId = async (username: string) => (await this.one<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [username])).id;
  authorityId = async (code: string) => (await this.one<{ id: string }>(`SELECT id FROM authority WHERE code = $1`, [code])).id;
  forumId = async (code: string) => (await this.one<{ id: string }>(`SELECT id FROM forum WHERE code = $1`, [code])).id;

  /** A CPR number no other test of this stack gets: numbered by a database sequence, across processes. */
  async cpr(): Promise<string> {
    await this.pool.query(`CREATE SEQUENCE IF NOT EXISTS e2e_cpr_sequence START 0 MINVALUE 0`);
    const { n } = await this.one<{ n: string }>(`SELECT nextval('e2e_cpr_sequence') AS n`);
    return cprFor(Number(n)).formatted;
  }

  async call<T = any>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    const u = await this.one<{ id: string; username: string; authority_id: string; roles: Role[] }>(
      `SELECT id, username, authority_id, roles FROM app_user WHERE username = $1`,
      [username],
    );
    const token = await signDevToken(this.key, { id: u.id, username: u.username, authorityId: u.authority_id, roles: u.roles });
    const res = await fetch(`${this.stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A new member of staff of an authority, made by the administrator: a person no other test
   * signs in as, so what happens to them (their inbox, their deactivation) is this test's alone.
   */
  async newUser(authorityCode: string, role: Role, displayName: string): Promise<string> {
    await this.pool.query(`CREATE SEQUENCE IF NOT EXISTS e2e_user_sequence`);
    const { n } = await this.one<{ n: string }>(`SELECT nextval('e2e_user_sequence') AS n`);
    const username = `e2e.${role.toLowerCase()}.${n}`;
    await this.call('admin', 'POST', '/api/v1/admin/users', {
      username,
      displayName,
      email: `${username}@psp.example`,
      authorityId: await this.authorityId(authorityCode),
      roles: [role],
    });
    return username;
  }

  /**
   * A person accepted at a PSP meeting of psp-pcb whose approved minutes agreed the given steps,
   * as a coordinator does it: nominate, an extra meeting (3 business days ahead: a closer one leaves
   * no preparation window and is refused), lock, minutes, its day comes (its start moves into the past), approve. Returns the person and the started steps, in the order given (one step per assignee).
   */
  async acceptedWithSteps(name: string, steps: AgreedStep[]): Promise<{ personId: string; stepIds: string[] }> {
    const coordinator = 'koordinator.politi';
    const forumId = await this.forumId('psp-pcb');
    const person = await this.call<{ id: string }>(coordinator, 'POST', '/api/v1/fokuspersoner', {
      forumId,
      cpr: await this.cpr(),
      name,
      criteria: { challenges: ['PSYCHIATRIC_DIAGNOSIS'], frequentContactWith: ['POLICE'], reason: 'Gentagne henvendelser til politiet' },
    });
    const startsAt = copenhagenInstant(addBusinessDays(today(), 3), 12).toISOString();
    const meeting = await this.call<{ id: string }>(coordinator, 'POST', `/api/v1/forums/${forumId}/meetings`, { startsAt, location: 'Politigården, Hillerød' });
    const agenda = await this.call<{ items: { itemId: string; fokuspersonId: string }[] }>(coordinator, 'GET', `/api/v1/meetings/${meeting.id}/agenda`);
    const item = agenda.items.find((i) => i.fokuspersonId === person.id);
    if (!item) throw new Error('the nominated person is not on the new meeting’s case list');
    await this.call(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/lock`);
    const agreed = [];
    for (const s of steps) {
      agreed.push({ description: s.description, ownerAuthorityId: await this.authorityId(s.owner), assigneeUserId: await this.userId(s.assignee), dueDate: s.dueDate ?? addDays(today(), 14) });
    }
    await this.call(coordinator, 'PUT', `/api/v1/meetings/${meeting.id}/minutes`, {
      attendance: [],
      items: [{ itemId: item.itemId, decision: 'ACCEPT', reason: 'Kriterierne er opfyldt', nextReviewDate: addDays(today(), 60), steps: agreed }],
    });
    await this.one(`UPDATE meeting SET starts_at = now() - interval '1 minute' WHERE id = $1 RETURNING id`, [meeting.id]);
    const approved = await this.call<{ startedStepIds: string[] }>(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/minutes/approve`);
    // The steps in the order they were agreed, told apart by assignee (one step per assignee here).
    const ordered: string[] = [];
    for (const s of agreed) {
      const { id } = await this.one<{ id: string }>(`SELECT id FROM step WHERE id = ANY($1) AND assignee_user_id = $2`, [approved.startedStepIds, s.assigneeUserId]);
      ordered.push(id);
    }
    return { personId: person.id, stepIds: ordered };
  }

  /**
   * Time passes for one browser session (by its cookie, so other sessions of the same person are
   * untouched): sets its idle expiry `seconds` from now (negative: in the past) as if it were last
   * used just now.
   */
  async setSessionIdle(cookie: string, seconds: number): Promise<void> {
    const { rowCount } = await this.pool.query(
      `UPDATE web_session SET last_seen_at = now(), idle_expires_at = now() + make_interval(secs => $2) WHERE id_hash = $1`,
      [createHash('sha256').update(cookie).digest(), seconds],
    );
    if (rowCount !== 1) throw new Error('no such session');
  }

  /** Seconds until the session of this cookie ends for idleness. */
  async sessionIdleLeft(cookie: string): Promise<number> {
    return (await this.one<{ left: number }>(`SELECT extract(epoch FROM idle_expires_at - now())::int AS left FROM web_session WHERE id_hash = $1`, [createHash('sha256').update(cookie).digest()])).left;
  }

  /** Time passes for a step: its due date lies `days` behind us. */
  async makeOverdue(stepId: string, days: number): Promise<void> {
    await this.pool.query(`UPDATE step SET due_date = $2 WHERE id = $1`, [stepId, addDays(today(), -days)]);
  }
}
