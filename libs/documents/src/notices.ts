import { danishDateTime, danishNumericDate } from './danish-format';

/**
 * The Danish notices the worker sends (inbox row and e-mail): each names the occasion, a date and
 * a link into the web app, never a CPR number or a person's name (their inputs carry neither).
 */
export interface Notice {
  subject: string;
  body: string;
}

/** The occasions a step's workflow notifies on. */
export type StepNoticeKind = 'ASSIGNED' | 'ACK_REMINDER' | 'DUE_REMINDER' | 'ESCALATION';

/** A step's notice; `dueDate` is the calendar date "YYYY-MM-DD", `link` the step's page. */
export function stepNotice(kind: StepNoticeKind, dueDate: string, link: string): Notice {
  const due = danishNumericDate(dueDate);
  switch (kind) {
    case 'ASSIGNED':
      return { subject: 'Ny handling i en helhedsplan', body: `Du har fået tildelt en handling i en PSP-helhedsplan med frist ${due}. Se og kvittér for handlingen: ${link}` };
    case 'ACK_REMINDER':
      return { subject: 'Påmindelse: kvittér for en handling', body: `Du har endnu ikke kvitteret for en handling i en PSP-helhedsplan (frist ${due}). Se handlingen: ${link}` };
    case 'DUE_REMINDER':
      return { subject: 'Påmindelse: fristen nærmer sig', body: `En handling, du er ansvarlig for i en PSP-helhedsplan, har frist ${due}. Se handlingen: ${link}` };
    case 'ESCALATION':
      return { subject: 'Overskredet frist i din myndighed', body: `En handling i din myndighed har overskredet fristen ${due} og er ikke afsluttet. Se handlingen: ${link}` };
  }
}

/** To the forum's coordinators before the agenda is locked: review the case list. */
export function meetingPreparationNotice(startsAt: Date, link: string): Notice {
  return {
    subject: 'Forbered sagslisten til PSP-mødet',
    body: `PSP-mødet ${danishDateTime(startsAt)} nærmer sig. Gennemgå og tilret sagslisten, før dagsordenen låses: ${link}`,
  };
}

/** To the forum's coordinators when a held meeting's minutes are still not approved. */
export function minutesReminderNotice(startsAt: Date, link: string): Notice {
  return {
    subject: 'Påmindelse: referatet fra PSP-mødet mangler',
    body: `Referatet fra PSP-mødet ${danishDateTime(startsAt)} er endnu ikke godkendt. Beslutningerne får først virkning, når referatet er godkendt: ${link}`,
  };
}

/**
 * The message that carries a meeting's calendar invite to the forum's members: the first invite
 * (sequence 0), an update after a move, or the cancellation.
 */
export function meetingInviteNotice(meeting: { forumName: string; startsAt: Date; sequence: number; cancelled: boolean }, link: string): Notice {
  const when = danishDateTime(meeting.startsAt);
  const [subject, text] = meeting.cancelled
    ? ['Aflyst: PSP-møde', `PSP-mødet i ${meeting.forumName} ${when} er aflyst.`]
    : meeting.sequence === 0
      ? ['Dagsorden og indkaldelse: PSP-møde', `Dagsordenen til PSP-mødet i ${meeting.forumName} ${when} er låst. Kalenderinvitationen er vedhæftet.`]
      : ['Ændret: PSP-møde', `PSP-mødet i ${meeting.forumName} er flyttet til ${when}. Den opdaterede kalenderinvitation er vedhæftet.`];
  return { subject, body: `${text} Se mødet: ${link}` };
}
