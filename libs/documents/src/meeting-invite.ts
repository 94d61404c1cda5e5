import { ValidationError } from '@psp/domain';
import { createEvent, type Attendee, type EventAttributes } from 'ics';
import { optionalText, requireArray, requireInstant, requireInteger, requireText, withoutControls } from './validate';

export interface MeetingParticipant {
  name: string;
  email: string;
}

export interface MeetingInviteInput {
  /** uuid; the UID is `meeting-<meetingId>@psp-koordinering` — stable across updates. */
  meetingId: string;
  /** e.g. 'PSP Nordsjælland – PCB' */
  forumName: string;
  /** An instant. */
  startsAt: Date;
  durationMinutes: number;
  location?: string | null;
  /** 0 for the first invite; incremented on each reschedule/cancel. */
  sequence: number;
  /** true → METHOD:CANCEL and STATUS:CANCELLED */
  cancelled: boolean;
  organizer: MeetingParticipant;
  attendees: MeetingParticipant[];
  /** Link to the meeting in the system. */
  url?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The WHATWG e-mail address syntax (the one `ics` itself checks against). */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_DURATION_MINUTES = 24 * 60;
const PRODUCT_ID = '-//PSP Koordinering//Moedeindkaldelse//DA';

/** The iCalendar UID of a meeting: the same for its first invite, every update and its cancellation. */
export function meetingInviteUid(meetingId: string): string {
  return `meeting-${meetingId.toLowerCase()}@psp-koordinering`;
}

/**
 * The calendar invite of a meeting: iCalendar text with METHOD:REQUEST, or METHOD:CANCEL and
 * STATUS:CANCELLED when the meeting is cancelled. The start and end are written in UTC
 * (`DTSTART:20261022T070000Z`): `ics` cannot write a TZID with a VTIMEZONE, and a UTC instant is
 * shown at the right Copenhagen time by every calendar. It names the forum, the place and the
 * professionals invited; it holds no data about citizens. Throws a ValidationError on invalid input.
 */
export function meetingInvite(input: MeetingInviteInput): string {
  if (!input || typeof input !== 'object') throw new ValidationError('The meeting invite input must be an object');
  const meetingId = requireText(input.meetingId, 'meetingId');
  if (!UUID.test(meetingId)) throw new ValidationError('meetingId must be a uuid');
  const forumName = withoutControls(requireText(input.forumName, 'forumName'), ' ');
  const startsAt = requireInstant(input.startsAt, 'startsAt');
  const durationMinutes = requireInteger(input.durationMinutes, 'durationMinutes', 1, MAX_DURATION_MINUTES);
  const sequence = requireInteger(input.sequence, 'sequence', 0, 2_147_483_647);
  if (typeof input.cancelled !== 'boolean') throw new ValidationError('cancelled must be true or false');
  const location = withoutControls(optionalText(input.location, 'location') ?? '', ' ').trim() || null;
  const url = optionalUrl(input.url);
  const organizer = participant(input.organizer, 'organizer');
  // A staff account whose address an invite cannot carry (e.g. non-ASCII) is left out of the
  // attendee list rather than stopping the invite for everyone; the organizer must be valid.
  const attendees = dedupe(
    requireArray<MeetingParticipant>(input.attendees, 'attendees')
      .filter((a) => typeof a?.email === 'string' && EMAIL.test(a.email.trim()))
      .map((a, i) => participant(a, `attendees[${i}]`)),
  );

  const start = startsAt.getTime();
  const lines = [
    input.cancelled ? `Mødet i ${forumName} er aflyst.` : `Møde i PSP-forummet ${forumName}.`,
    ...(url ? [`Mødet i PSP Koordinering: ${url}`] : []),
  ];
  const event: EventAttributes = {
    productId: PRODUCT_ID,
    method: input.cancelled ? 'CANCEL' : 'REQUEST',
    uid: meetingInviteUid(meetingId),
    sequence,
    title: `PSP-møde: ${forumName}`,
    description: lines.join('\n'),
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: start + durationMinutes * 60_000,
    endInputType: 'utc',
    endOutputType: 'utc',
    status: input.cancelled ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: input.cancelled ? 'FREE' : 'BUSY',
    organizer: { name: organizer.name, email: organizer.email },
    attendees: attendees.map(
      (a): Attendee => ({ name: a.name, email: a.email, rsvp: !input.cancelled, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', cutype: 'INDIVIDUAL' }),
    ),
    ...(location ? { location } : {}),
    ...(url ? { url } : {}),
  };
  const { error, value } = createEvent(event);
  if (error || !value) {
    const reasons = (error as { errors?: unknown } | null)?.errors;
    const detail = Array.isArray(reasons) && reasons.length > 0 ? reasons.join('; ') : (error?.message ?? 'no output');
    throw new ValidationError(`The meeting invite could not be created: ${detail}`);
  }
  return refold(value);
}

/**
 * The ORGANIZER of every meeting invite, downloaded from the api or e-mailed by the worker. Fixed
 * rather than SMTP_FROM: a calendar takes an update or a cancellation only from the organizer of
 * the event it holds, so the two copies must agree and must not change with the mail settings
 * (which the api does not have). The same address as SMTP_FROM's default.
 */
export const INVITE_ORGANIZER_ADDRESS = 'no-reply@psp-koordinering.invalid';

/** A meeting's page in the web app: the link of its notices and its invite. */
export function meetingPageUrl(webBaseUrl: string, meetingId: string): string {
  return `${webBaseUrl}/moeder/${meetingId}`;
}

/** What the api and the worker know of a meeting when they build its invite. */
export interface ForumMeetingInviteInput extends Omit<MeetingInviteInput, 'organizer' | 'attendees' | 'url'> {
  /** The forum's active members: the attendees. */
  members: MeetingParticipant[];
  /** Where the web app is; the invite links to the meeting's page there. */
  webBaseUrl: string;
}

/**
 * A forum meeting's invite, the one builder of both the downloadable .ics and the e-mailed one:
 * the same meeting and sequence give the same UID, SEQUENCE and ORGANIZER (the forum, at
 * INVITE_ORGANIZER_ADDRESS) wherever it is built.
 */
export function forumMeetingInvite(input: ForumMeetingInviteInput): string {
  const { members, webBaseUrl, ...meeting } = input;
  return meetingInvite({
    ...meeting,
    organizer: { name: meeting.forumName, email: INVITE_ORGANIZER_ADDRESS },
    attendees: members,
    url: meetingPageUrl(webBaseUrl, meeting.meetingId),
  });
}

function participant(value: MeetingParticipant | undefined, field: string): MeetingParticipant {
  if (!value || typeof value !== 'object') throw new ValidationError(`${field} must have a name and an e-mail address`);
  const email = requireText(value.email, `${field}.email`);
  if (!EMAIL.test(email)) throw new ValidationError(`${field}.email must be an e-mail address`);
  // A CN is a quoted parameter: RFC 5545 allows neither double quotes nor control characters in it.
  const name = typeof value.name === 'string' ? withoutControls(value.name, ' ').replace(/"/g, "'").trim() : '';
  return { name: name || email, email };
}

function dedupe(participants: MeetingParticipant[]): MeetingParticipant[] {
  const seen = new Set<string>();
  return participants.filter((p) => {
    const key = p.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function optionalUrl(value: unknown): string | null {
  const text = optionalText(value, 'url');
  if (text === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ValidationError('url must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ValidationError('url must be an absolute http(s) URL');
  return parsed.href;
}

/**
 * `ics` folds lines at 75 characters; RFC 5545 says 75 octets, and æ, ø and å take two each in
 * UTF-8. Unfold its output and fold again by octets, never inside a character.
 */
function refold(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map(foldLine)
    .join('\r\n');
}

function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75; // continuation lines start with a space: 1 + 74
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}
