// The invite's general renderer (any organizer) stays inside: every invite is built by forumMeetingInvite.
export {
  forumMeetingInvite,
  INVITE_ORGANIZER_ADDRESS,
  meetingInviteUid,
  meetingPageUrl,
  type ForumMeetingInviteInput,
  type MeetingParticipant,
} from './meeting-invite';
export * from './meeting-pdf';
export { CONFIDENTIAL_MARKING, type ExportMarking } from './pdf-writer';
export { danishDate, danishDateTime, danishTime, danishLocalDate, danishNumericDate } from './danish-format';
export * from './notices';
export { danishLabel } from './labels';
export { citizenAccessLetterPdf, type CitizenAccessLetterInput, type CitizenAccessUse } from './citizen-access-letter';
