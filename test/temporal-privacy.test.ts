import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addBusinessDays, addCalendarDays } from '@psp/domain';
import { meetingScheduleId, meetingWorkflowId, retentionWorkflowId, stepWorkflowId } from '@psp/workflow-contracts';
import { EncryptionCodec } from '@psp/persistence';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { testCpr } from './support/cpr';
import { usePrivacyStack } from './support/forum-stack';
import { uniqueName, type TestDatabase } from './support/services';
import { testTemporalKeys } from './support/temporal';

/**
 * What Temporal holds and accepts (docs/architecture.md). Whoever reaches Temporal — its frontend,
 * its UI, its database — reads histories without our keys: they must find no name, CPR number,
 * staff id, username or client address, only `binary/encrypted` payloads. And an Update sent to a
 * step straight through Temporal, with any actor it likes, must not reach the access log
 * (temporal-forged-update.test.ts).
 */
describe('Temporal holds no readable data and cannot forge an actor', () => {
  let db: TestDatabase, temporal: Client, outsider: Client, forumId: string;
  const { taskQueue, ids, as, coordinator, nominate, today, extraMeeting, beginMeeting } = usePrivacyStack((s) => ({ db, temporal, outsider, forumId } = s));

  // ---- reading a history as an outsider ----

  interface Found {
    path: string;
    payload: Payload;
  }
  const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
  /** Every payload anywhere in a history (inputs, results, Update arguments, failures' details, ...). */
  function payloadsOf(node: unknown, path = '', out: Found[] = []): Found[] {
    if (node === null || typeof node !== 'object' || isBytes(node)) return out;
    if (Array.isArray(node)) {
      node.forEach((v, i) => payloadsOf(v, `${path}[${i}]`, out));
      return out;
    }
    const o = node as Record<string, unknown>;
    const metadata = o['metadata'];
    if (metadata && typeof metadata === 'object' && isBytes((metadata as Record<string, unknown>)['encoding'])) {
      out.push({ path, payload: o as Payload });
      return out;
    }
    for (const [k, v] of Object.entries(o)) payloadsOf(v, path ? `${path}.${k}` : k, out);
    return out;
  }
  /** The whole history as the UI or `temporal workflow show -o json` would show it: bytes as base64. */
  const asJson = (history: unknown) => JSON.stringify(history, (_k, v: unknown) => (isBytes(v) ? Buffer.from(v).toString('base64') : v));
  /**
   * The base64 forms of `secret` wherever it sits in a byte string: the characters only its own
   * bytes decide, for each of its three possible alignments.
   */
  function base64Forms(secret: string): string[] {
    const bytes = Buffer.from(secret, 'utf8');
    return [0, 1, 2].map((k) => {
      const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
      return b64.slice(k === 0 ? 0 : 4, Math.floor((k + bytes.length) / 3) * 4);
    });
  }
  function readable(history: unknown, secrets: string[]): { secret: string; where: string }[] {
    const found: { secret: string; where: string }[] = [];
    const json = asJson(history);
    for (const secret of secrets) {
      if (json.includes(secret)) found.push({ secret, where: 'history (text)' });
      for (const form of base64Forms(secret)) if (json.includes(form)) found.push({ secret, where: `history (base64 ${form})` });
      for (const { path, payload } of payloadsOf(history)) {
        const data = Buffer.from(payload.data ?? new Uint8Array());
        if (data.includes(secret) || data.toString('latin1').includes(secret)) found.push({ secret, where: `${path} (payload data)` });
      }
    }
    return found;
  }
  const encodingOf = (p: Payload) => Buffer.from(p.metadata?.['encoding'] ?? new Uint8Array()).toString('utf8');

  it('(a) keeps every payload of a step’s, a meeting’s and a retention workflow’s history encrypted; an outsider reads no name, CPR, staff id or address', async () => {
    const cpr = testCpr();
    const rejectedCpr = testCpr();
    const accepted = await nominate('Pernille Privatliv', cpr.formatted);
    const rejected = await nominate('Rolf Retention', rejectedCpr.formatted);

    // A forum Schedule (its action's arguments), a meeting through its whole timeline, minutes that
    // accept one person with an agreed step and reject the other (retention).
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [addCalendarDays(today(), 60)], time: '09:00' } }).expect(200);
    const meeting = await extraMeeting('Politigården, Hillerød');
    const { body: agenda } = await coordinator.get(`/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    const itemOf = (person: string) => agenda.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === person).itemId as string;
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const due = addBusinessDays(today(), 15);
    await coordinator
      .put(`/api/v1/meetings/${meeting.id}/minutes`, {
        attendance: [],
        items: [
          {
            itemId: itemOf(accepted),
            decision: 'ACCEPT',
            reason: 'Kriterierne er opfyldt',
            steps: [{ description: 'Afklare bolig', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: due }],
          },
          { itemId: itemOf(rejected), decision: 'REJECT', reason: 'Kriterierne er ikke opfyldt' },
        ],
      })
      .expect(200);
    await beginMeeting(meeting.id);
    const { body: approved } = await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).expect(200);
    const [stepId] = approved.startedStepIds as string[];

    // The step through several changes by two people, each with a request id of its own.
    const requestIds = Array.from({ length: 6 }, () => uniqueName('privacy-request'));
    const caseworker = (i: number) => as('sagsbehandler.egedal', requestIds[i]);
    await caseworker(0).post(`/api/v1/steps/${stepId}/acknowledge`).expect(200);
    await caseworker(1).post(`/api/v1/steps/${stepId}/start`).expect(200);
    await caseworker(2).post(`/api/v1/steps/${stepId}/block`, { reason: 'WAITING_ON_OTHER_AUTHORITY', text: 'Venter på boligkontoret' }).expect(200);
    await caseworker(3).post(`/api/v1/steps/${stepId}/resume`).expect(200);
    await as('koordinator.pcb', requestIds[4]).put(`/api/v1/steps/${stepId}/due-date`, { dueDate: addBusinessDays(today(), 20), reason: 'Mere tid' }).expect(200);
    await caseworker(5).post(`/api/v1/steps/${stepId}/complete`, { outcome: 'Bolig fundet' }).expect(200);
    await expect(temporal.workflow.getHandle(stepWorkflowId(stepId)).result()).resolves.toBe('DONE');

    // What the access log holds about these changes is what must not be readable in Temporal.
    const logged: { actor_user_id: string; actor_username: string; request_id: string; client_address: string }[] = await db.dataSource.query(
      `SELECT actor_user_id, actor_username, request_id, client_address FROM access_log WHERE resource_type = 'Step' AND resource_id = $1 AND action = 'UPDATE' ORDER BY seq`,
      [stepId],
    );
    expect(logged.map((r) => r.request_id)).toEqual(requestIds);
    expect(new Set(logged.map((r) => r.actor_username))).toEqual(new Set(['sagsbehandler.egedal', 'koordinator.pcb']));
    const addresses = [...new Set(logged.map((r) => r.client_address))];
    expect(addresses.every((a) => a.endsWith('127.0.0.1'))).toBe(true);

    const secrets = [
      'sagsbehandler.egedal',
      'koordinator.pcb',
      ids['sagsbehandler.egedal'],
      ids['koordinator.pcb'],
      '127.0.0.1',
      '::ffff:127.0.0.1',
      ...addresses,
      ...requestIds,
      'Pernille Privatliv',
      'Rolf Retention',
      cpr.digits,
      cpr.formatted,
      rejectedCpr.digits,
      rejectedCpr.formatted,
      JSON.stringify({ cpr: cpr.formatted }),
      'Venter på boligkontoret',
      'Bolig fundet',
    ];

    const workflowIds = [stepWorkflowId(stepId), meetingWorkflowId(meeting.id), retentionWorkflowId(rejected)];
    const codec = new EncryptionCodec({ keys: testTemporalKeys().payloadKeys, activeKeyId: testTemporalKeys().payloadActiveKeyId });
    for (const workflowId of workflowIds) {
      const history = await outsider.workflow.getHandle(workflowId).fetchHistory();
      expect({ workflowId, readable: readable(history, secrets) }).toEqual({ workflowId, readable: [] });
      const payloads = payloadsOf(history);
      expect(payloads.length).toBeGreaterThan(0);
      // Every payload is ciphertext but the SDK's own bookkeeping, which its core writes and reads
      // past the codec: a patch marker's patch id, a local activity marker's id, type and times (its
      // result is encrypted); and search attributes, which Temporal must index (we set none). The
      // check above found nothing readable in those either.
      const bookkeeping = /(markerRecordedEventAttributes\.details\.(patch-data|data)\.|searchAttributes)/;
      const clear = payloads.filter((p) => !bookkeeping.test(p.path) && encodingOf(p.payload) !== 'binary/encrypted');
      expect({ workflowId, clear: clear.map((p) => `${p.path}: ${encodingOf(p.payload)}`) }).toEqual({ workflowId, clear: [] });
      // Sanity: with the keys, the same bytes are the real inputs and results.
      const decoded = await codec.decode(payloads.map((p) => p.payload));
      expect(decoded.map(encodingOf).filter((e) => !['json/plain', 'binary/null'].includes(e))).toEqual([]);
      expect(decoded.some((d) => encodingOf(d) === 'json/plain')).toBe(true);
      if (workflowId === stepWorkflowId(stepId)) {
        const text = decoded.map((d) => JSON.stringify(defaultPayloadConverter.fromPayload(d))).join('\n');
        // The assignee's id is there (the workflow's input and its re-reads of the step)...
        expect({ secret: ids['sagsbehandler.egedal'], decoded: text.includes(ids['sagsbehandler.egedal']) }).toEqual({ secret: ids['sagsbehandler.egedal'], decoded: true });
        // ...but who changed the step, from where and in which request never reaches Temporal at
        // all: the api writes the change and its log row, and only signals the workflow.
        for (const secret of ['sagsbehandler.egedal', 'koordinator.pcb', ...requestIds, addresses[0]]) {
          expect({ secret, decoded: text.includes(secret) }).toEqual({ secret, decoded: false });
        }
      }
    }

    // The Schedule the api made for the forum: its action's arguments are ciphertext too.
    const schedule = await outsider.workflowService.describeSchedule({ namespace: 'default', scheduleId: meetingScheduleId(taskQueue, forumId) });
    const args = schedule.schedule?.action?.startWorkflow?.input?.payloads ?? [];
    expect(args.length).toBeGreaterThan(0);
    expect(args.map((p) => encodingOf(p))).toEqual(args.map(() => 'binary/encrypted'));
  });

  it('keeps the codec and the keys out of workflow code: the prebuilt workflow bundle has neither', () => {
    const bundle = join(__dirname, '..', 'dist', 'workflow-bundle.js');
    if (!existsSync(bundle)) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
    const code = readFileSync(bundle, 'utf8');
    for (const marker of ['EncryptionCodec', 'encryption-key-id', 'aes-256-gcm']) {
      expect({ marker, inBundle: code.includes(marker) }).toEqual({ marker, inBundle: false });
    }
  });
});
