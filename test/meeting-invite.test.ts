import ical, { type VEvent } from 'node-ical';
import request from 'supertest';
import { addCalendarDays, copenhagenDate } from '@psp/domain';
import { meetingWorkflowId } from '@psp/workflow-contracts';
import { calendarPartOf } from './support/smtp';
import { startTestStack, type TestStack } from './support/stack';

/**
 * One invite, two ways out: the .ics the api serves for download and the one the worker e-mails
 * (through the mailer, with a test sender as SMTP_FROM) must be the same event to a calendar.
 */
describe('the meeting invite, downloaded and e-mailed', () => {
  let stack: TestStack;
  let token: string;
  let forum: { id: string; name: string };

  beforeAll(async () => {
    stack = await startTestStack('meeting-invite');
    token = `Bearer ${await stack.api.tokenFor('koordinator.pcb')}`;
    [forum] = await stack.db.dataSource.query(`SELECT id, name FROM forum WHERE code = 'psp-pcb'`);
  });

  afterAll(() => stack?.stop());

  /** What makes an invite the same event to a calendar, read back with node-ical. */
  const eventOf = (text: string | null) => {
    const data = ical.sync.parseICS(text ?? '');
    const event = Object.values(data).find((c): c is VEvent => c?.type === 'VEVENT')!;
    const organizer = event.organizer as unknown as { params: { CN: string }; val: string };
    return { method: data.vcalendar?.method, uid: event.uid, sequence: event.sequence, organizer: [organizer.params.CN, organizer.val.toLowerCase()], start: event.start.toISOString(), url: event.url };
  };
  const mailedInvite = async (prefix: string, sequence: number) => {
    const key = `${prefix}invite-${sequence}:`;
    for (let i = 0; i < 150 && !stack.smtp.mails.some((m) => m.idempotencyKey?.startsWith(key)); i++) await new Promise((r) => setTimeout(r, 100));
    const mail = stack.smtp.mails.find((m) => m.idempotencyKey?.startsWith(key));
    if (!mail) throw new Error(`the invite of sequence ${sequence} was not e-mailed`);
    return eventOf(calendarPartOf(mail.raw));
  };
  const inDays = (days: number) => new Date(`${addCalendarDays(copenhagenDate(new Date()), days)}T08:00:00Z`).toISOString();
  const post = (path: string, body?: object) => request(stack.api.http).post(path).set('Authorization', token).send(body);

  it('has the same UID, SEQUENCE and ORGANIZER at the first invite, after a move and when cancelled', async () => {
    const { body: meeting } = await post(`/api/v1/forums/${forum.id}/meetings`, { startsAt: inDays(5) }).expect(201);
    const prefix = `${meetingWorkflowId(meeting.id)}:`;
    const compare = async (sequence: number, method: string) => {
      const mailed = await mailedInvite(prefix, sequence);
      const downloaded = eventOf((await request(stack.api.http).get(`/api/v1/meetings/${meeting.id}/invite.ics`).set('Authorization', token).expect(200)).text);
      expect(downloaded).toEqual(mailed);
      // The forum is the organizer at the one address, not the mail's sender (PSP Test <test@psp.invalid>).
      expect(mailed).toMatchObject({ method, uid: `meeting-${meeting.id}@psp-koordinering`, sequence, organizer: [forum.name, 'mailto:no-reply@psp-koordinering.invalid'] });
    };
    await post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    await compare(0, 'REQUEST');
    await post(`/api/v1/meetings/${meeting.id}/reschedule`, { startsAt: inDays(6), reason: 'Lokalet er optaget' }).expect(200);
    await compare(1, 'REQUEST');
    await post(`/api/v1/meetings/${meeting.id}/cancel`, { reason: 'Ingen sager' }).expect(200);
    await compare(2, 'CANCEL');
  });
});
