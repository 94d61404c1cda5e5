import { ValidationError } from '@psp/domain';
import ical, { type VEvent } from 'node-ical';
import { danishDateTime, danishLocalDate, danishNumericDate } from './danish-format';
import { forumMeetingInvite, INVITE_ORGANIZER_ADDRESS, meetingInvite, meetingInviteUid, type ForumMeetingInviteInput, type MeetingInviteInput } from './meeting-invite';

const MEETING_ID = '3f2b8c1e-5d4a-4b6c-9e7f-0a1b2c3d4e5f';

const input = (over: Partial<MeetingInviteInput> = {}): MeetingInviteInput => ({
  meetingId: MEETING_ID,
  forumName: 'PSP Nordsjælland – PCB',
  startsAt: new Date('2026-10-22T07:00:00Z'),
  durationMinutes: 90,
  location: 'Rådhuset, mødelokale 2',
  sequence: 0,
  cancelled: false,
  organizer: { name: 'PSP Nordsjælland – PCB', email: 'no-reply@psp-koordinering.invalid' },
  attendees: [
    { name: 'Søren Ærø', email: 'soeren@politi.example.dk' },
    { name: 'Åse Øster', email: 'aase@kommune.example.dk' },
  ],
  url: 'http://localhost:3000/moeder/3f2b8c1e-5d4a-4b6c-9e7f-0a1b2c3d4e5f',
  ...over,
});

/** Parses the text back with node-ical; returns the one event and the calendar's METHOD. */
function parse(text: string): { event: VEvent; method: string | undefined } {
  const data = ical.sync.parseICS(text);
  const events = Object.values(data).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { event: events[0]!, method: data.vcalendar?.method };
}

const copenhagenTime = (d: Date) =>
  new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d).replace('.', ':');

const attendeesOf = (event: VEvent) => (Array.isArray(event.attendee) ? event.attendee : event.attendee ? [event.attendee] : []);

describe('meetingInvite', () => {
  it('is a REQUEST with a stable UID, the sequence, summary, organizer and attendees', () => {
    const first = parse(meetingInvite(input()));
    const update = parse(meetingInvite(input({ sequence: 1, startsAt: new Date('2026-10-23T07:00:00Z') })));

    expect(first.method).toBe('REQUEST');
    expect(first.event.uid).toBe(`meeting-${MEETING_ID}@psp-koordinering`);
    expect(first.event.uid).toBe(meetingInviteUid(MEETING_ID.toUpperCase()));
    expect(update.event.uid).toBe(first.event.uid);
    expect(first.event.sequence).toBe(0);
    expect(update.event.sequence).toBe(1);
    expect(update.method).toBe('REQUEST');
    expect(first.event.status).toBe('CONFIRMED');
    expect(first.event.summary).toBe('PSP-møde: PSP Nordsjælland – PCB');
    expect(first.event.location).toBe('Rådhuset, mødelokale 2');
    expect(first.event.url).toBe('http://localhost:3000/moeder/3f2b8c1e-5d4a-4b6c-9e7f-0a1b2c3d4e5f');
    expect(first.event.end!.getTime() - first.event.start.getTime()).toBe(90 * 60_000);

    const organizer = first.event.organizer as unknown as { params: { CN: string }; val: string };
    expect(organizer.val.toLowerCase()).toBe('mailto:no-reply@psp-koordinering.invalid');
    const attendees = attendeesOf(first.event) as unknown as { params: Record<string, unknown>; val: string }[];
    expect(attendees.map((a) => [a.params['CN'], a.val.toLowerCase()])).toEqual([
      ['Søren Ærø', 'mailto:soeren@politi.example.dk'],
      ['Åse Øster', 'mailto:aase@kommune.example.dk'],
    ]);
    expect(attendees[0]!.params).toMatchObject({ RSVP: true, ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION' });
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED under the same UID', () => {
    const text = meetingInvite(input({ sequence: 2, cancelled: true }));
    expect(text).toMatch(/^METHOD:CANCEL\r$/m);
    expect(text).toMatch(/^STATUS:CANCELLED\r$/m);
    const { event, method } = parse(text);
    expect(method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    expect(event.sequence).toBe(2);
    expect(event.uid).toBe(`meeting-${MEETING_ID}@psp-koordinering`);
    expect(attendeesOf(event)).toHaveLength(2);
  });

  it('keeps 09:00 Copenhagen time across the change from summer to winter time', () => {
    const summer = parse(meetingInvite(input({ startsAt: new Date('2026-10-22T07:00:00Z') }))).event; // CEST, UTC+2
    const winter = parse(meetingInvite(input({ startsAt: new Date('2026-10-29T08:00:00Z') }))).event; // CET, UTC+1
    expect(summer.start.toISOString()).toBe('2026-10-22T07:00:00.000Z');
    expect(winter.start.toISOString()).toBe('2026-10-29T08:00:00.000Z');
    expect(copenhagenTime(summer.start)).toBe('09:00');
    expect(copenhagenTime(winter.start)).toBe('09:00');
    expect(copenhagenTime(summer.end!)).toBe('10:30');
    expect(copenhagenTime(winter.end!)).toBe('10:30');
    expect(danishDateTime(summer.start)).toBe('torsdag 22. oktober 2026 kl. 09:00');
    expect(danishDateTime(winter.start)).toBe('torsdag 29. oktober 2026 kl. 09:00');
  });

  it('folds long lines at 75 octets without splitting æ, ø or å', () => {
    const text = meetingInvite(input({ forumName: 'PSP Nordsjælland – Politi, Socialforvaltning og Psykiatri – Ø'.repeat(3) }));
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(parse(text).event.summary).toBe(`PSP-møde: ${'PSP Nordsjælland – Politi, Socialforvaltning og Psykiatri – Ø'.repeat(3)}`);
  });

  it('holds only the meeting facts it was given and quotes names safely', () => {
    const text = meetingInvite(input({ attendees: [{ name: 'Bo "Bosse" Ek', email: 'bo@example.dk' }, { name: '', email: 'BO@example.dk' }] }));
    const attendees = attendeesOf(parse(text).event) as unknown as { params: Record<string, unknown> }[];
    expect(attendees.map((a) => a.params['CN'])).toEqual(["Bo 'Bosse' Ek"]); // one per address
  });

  it('leaves out an attendee whose address an invite cannot carry, instead of failing for everyone', () => {
    const text = meetingInvite(input({ attendees: [{ name: 'X', email: 'x@example.dk' }, { name: 'Y', email: 'y at example' }, { name: 'Ø', email: 'søren@æblegård.dk' }] }));
    expect((attendeesOf(parse(text).event) as unknown as { val: string }[]).map((a) => a.val.toLowerCase())).toEqual(['mailto:x@example.dk']);
  });

  it('rejects invalid input with a clear error', () => {
    const cases: [Partial<MeetingInviteInput>, RegExp][] = [
      [{ durationMinutes: 0 }, /durationMinutes must be a whole number from 1 to 1440/],
      [{ durationMinutes: 12.5 }, /durationMinutes/],
      [{ startsAt: new Date('not a date') }, /startsAt must be a valid date/],
      [{ meetingId: 'meeting-1' }, /meetingId must be a uuid/],
      [{ sequence: -1 }, /sequence must be a whole number/],
      [{ forumName: '  ' }, /forumName must be a non-empty text/],
      [{ organizer: { name: 'X', email: 'not-an-address' } }, /organizer.email must be an e-mail address/],
      [{ url: 'javascript:alert(1)' }, /url must be an absolute http\(s\) URL/],
    ];
    for (const [over, message] of cases) {
      expect(() => meetingInvite(input(over))).toThrow(ValidationError);
      expect(() => meetingInvite(input(over))).toThrow(message);
    }
  });
});

describe('forumMeetingInvite', () => {
  const { organizer, attendees, url, ...meeting } = input();
  const facts = (over: Partial<ForumMeetingInviteInput> = {}): ForumMeetingInviteInput => ({ ...meeting, members: attendees, webBaseUrl: 'http://localhost:3000', ...over });
  const organizerOf = (event: VEvent) => event.organizer as unknown as { params: { CN: string }; val: string };

  it('is the general invite with the forum as organizer at the one organizer address, linking to the meeting', () => {
    expect(INVITE_ORGANIZER_ADDRESS).toBe('no-reply@psp-koordinering.invalid');
    const strip = (text: string) => text.replace(/^DTSTAMP:.*$/m, '');
    expect(strip(forumMeetingInvite(facts()))).toBe(strip(meetingInvite(input({ organizer: { name: organizer.name, email: INVITE_ORGANIZER_ADDRESS }, url }))));
    const { event } = parse(forumMeetingInvite(facts()));
    expect(organizerOf(event).val.toLowerCase()).toBe(`mailto:${INVITE_ORGANIZER_ADDRESS}`);
    expect(organizerOf(event).params.CN).toBe('PSP Nordsjælland – PCB');
    expect(event.url).toBe(`http://localhost:3000/moeder/${MEETING_ID}`);
  });
});

describe('Danish dates', () => {
  it('writes a calendar date as dd.mm.yyyy for the notices, and leaves other text alone', () => {
    expect(danishNumericDate('2027-03-30')).toBe('30.03.2027');
    expect(danishNumericDate('2026-12-08')).toBe('08.12.2026');
    expect(danishNumericDate('2026-02-30')).toBe('2026-02-30');
    expect(danishNumericDate('i næste uge')).toBe('i næste uge');
  });

  it('formats Copenhagen date and time and calendar dates', () => {
    expect(danishDateTime(new Date('2026-12-08T08:00:00Z'))).toBe('tirsdag 8. december 2026 kl. 09:00');
    expect(danishDateTime(new Date('2026-07-01T22:30:00Z'))).toBe('torsdag 2. juli 2026 kl. 00:30');
    expect(danishLocalDate('2026-12-08')).toBe('8. december 2026');
    expect(danishLocalDate('i næste uge')).toBe('i næste uge');
    expect(() => danishDateTime(new Date(NaN))).toThrow(ValidationError);
  });
});
