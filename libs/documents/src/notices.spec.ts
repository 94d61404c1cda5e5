import { meetingInviteNotice, meetingPreparationNotice, minutesReminderNotice, stepNotice, type Notice, type StepNoticeKind } from './notices';

const STEP_LINK = 'https://psp.example.dk/opgaver/7d4f0c2a-1b3e-4c5d-8e9f-a0b1c2d3e4f5';
const MEETING_LINK = 'https://psp.example.dk/moeder/3f2b8c1e-5d4a-4b6c-9e7f-0a1b2c3d4e5f';
const STARTS_AT = new Date('2026-12-08T08:00:00Z'); // 09:00 in Copenhagen
const WHEN = 'tirsdag 8. december 2026 kl. 09:00';
const FORUM = 'PSP Nordsjælland – PCB';

const STEP_NOTICES: Record<StepNoticeKind, Notice> = {
  ASSIGNED: {
    subject: 'Ny handling i en helhedsplan',
    body: `Du har fået tildelt en handling i en PSP-helhedsplan med frist 30.03.2027. Se og kvittér for handlingen: ${STEP_LINK}`,
  },
  ACK_REMINDER: {
    subject: 'Påmindelse: kvittér for en handling',
    body: `Du har endnu ikke kvitteret for en handling i en PSP-helhedsplan (frist 30.03.2027). Se handlingen: ${STEP_LINK}`,
  },
  DUE_REMINDER: {
    subject: 'Påmindelse: fristen nærmer sig',
    body: `En handling, du er ansvarlig for i en PSP-helhedsplan, har frist 30.03.2027. Se handlingen: ${STEP_LINK}`,
  },
  ESCALATION: {
    subject: 'Overskredet frist i din myndighed',
    body: `En handling i din myndighed har overskredet fristen 30.03.2027 og er ikke afsluttet. Se handlingen: ${STEP_LINK}`,
  },
};

const meeting = (sequence: number, cancelled = false) => ({ forumName: FORUM, startsAt: STARTS_AT, sequence, cancelled });

/** Every notice the worker sends, with the texts of its inputs (date, forum, link) that it may carry. */
const ALL: [string, Notice, string[]][] = [
  ...(Object.keys(STEP_NOTICES) as StepNoticeKind[]).map((kind): [string, Notice, string[]] => [kind, stepNotice(kind, '2027-03-30', STEP_LINK), ['30.03.2027', STEP_LINK]]),
  ['preparation', meetingPreparationNotice(STARTS_AT, MEETING_LINK), [WHEN, MEETING_LINK]],
  ['minutes reminder', minutesReminderNotice(STARTS_AT, MEETING_LINK), [WHEN, MEETING_LINK]],
  ['invite', meetingInviteNotice(meeting(0), MEETING_LINK), [FORUM, WHEN, MEETING_LINK]],
  ['update', meetingInviteNotice(meeting(2), MEETING_LINK), [FORUM, WHEN, MEETING_LINK]],
  ['cancellation', meetingInviteNotice(meeting(3, true), MEETING_LINK), [FORUM, WHEN, MEETING_LINK]],
];

describe('step notices', () => {
  it.each(Object.entries(STEP_NOTICES))('%s: the Danish subject and body with the due date as dd.mm.yyyy and the link', (kind, expected) => {
    expect(stepNotice(kind as StepNoticeKind, '2027-03-30', STEP_LINK)).toEqual(expected);
  });
});

describe('meeting notices', () => {
  it('asks the coordinators to prepare the case list', () => {
    expect(meetingPreparationNotice(STARTS_AT, MEETING_LINK)).toEqual({
      subject: 'Forbered sagslisten til PSP-mødet',
      body: `PSP-mødet ${WHEN} nærmer sig. Gennemgå og tilret sagslisten, før dagsordenen låses: ${MEETING_LINK}`,
    });
  });

  it('reminds of minutes that are not approved', () => {
    expect(minutesReminderNotice(STARTS_AT, MEETING_LINK)).toEqual({
      subject: 'Påmindelse: referatet fra PSP-mødet mangler',
      body: `Referatet fra PSP-mødet ${WHEN} er endnu ikke godkendt. Beslutningerne får først virkning, når referatet er godkendt: ${MEETING_LINK}`,
    });
  });

  it('carries the first invite, an update after a move, and the cancellation', () => {
    expect(meetingInviteNotice(meeting(0), MEETING_LINK)).toEqual({
      subject: 'Dagsorden og indkaldelse: PSP-møde',
      body: `Dagsordenen til PSP-mødet i ${FORUM} ${WHEN} er låst. Kalenderinvitationen er vedhæftet. Se mødet: ${MEETING_LINK}`,
    });
    expect(meetingInviteNotice(meeting(1), MEETING_LINK)).toEqual({
      subject: 'Ændret: PSP-møde',
      body: `PSP-mødet i ${FORUM} er flyttet til ${WHEN}. Den opdaterede kalenderinvitation er vedhæftet. Se mødet: ${MEETING_LINK}`,
    });
    // Cancelled wins over the sequence: the first invite and an update alike.
    for (const sequence of [0, 4]) {
      expect(meetingInviteNotice(meeting(sequence, true), MEETING_LINK)).toEqual({
        subject: 'Aflyst: PSP-møde',
        body: `PSP-mødet i ${FORUM} ${WHEN} er aflyst. Se mødet: ${MEETING_LINK}`,
      });
    }
  });
});

describe('every notice', () => {
  it.each(ALL)('%s: carries no CPR number, no name and no other figure than its date and link', (_, notice, inputs) => {
    const text = `${notice.subject}\n${notice.body}`;
    expect(text).not.toMatch(/\d{6}-?\d{4}/);
    // Without the texts of its inputs, nothing is left that a notice could have taken from a record.
    const rest = inputs.reduce((t, input) => t.split(input).join(''), text);
    expect(rest).not.toMatch(/\d/);
    expect(rest).not.toMatch(/https?:/);
    for (const input of inputs) expect(text).toContain(input);
  });

  it('has its own subject for each occasion', () => {
    expect(new Set(ALL.map(([, n]) => n.subject)).size).toBe(ALL.length);
  });
});
