import {
  MEETING_CHANGED_SIGNAL,
  MEETING_QUERY,
  pendingMeetingEvents,
  type MeetingEventKind,
  type MeetingFacts,
  type MeetingStatus,
  type MeetingWorkflowInput,
  type MeetingWorkflowState,
} from '@psp/domain';
import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { meetingFacts, runMeetingEvent, sendMeetingInvite } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export const meetingChanged = defineSignal(MEETING_CHANGED_SIGNAL);
export const meetingState = defineQuery<MeetingWorkflowState>(MEETING_QUERY);

/**
 * One per meeting (id `meeting-<meetingId>`): asks the coordinators to prepare the case list,
 * locks the agenda and sends it with the calendar invite, marks the meeting held and reminds for
 * minutes until they are approved. The database holds the meeting (status, time, invite
 * sequence); the api changes it and signals, and the workflow re-reads it and moves its timers.
 * A move or cancellation after the invite went out sends an updated or cancelling invite.
 */
export async function meetingWorkflow(input: MeetingWorkflowInput): Promise<MeetingStatus | 'MISSING'> {
  const done = new Set<MeetingEventKind>(input.done ?? []);
  let inviteSent = input.inviteSent ?? -1;
  let changed = false;
  let facts: MeetingFacts | null = null;

  const next = () => (facts ? (pendingMeetingEvents(facts.status, done, new Date(facts.startsAt), facts.policy)[0] ?? null) : null);
  setHandler(meetingChanged, () => {
    changed = true;
  });
  setHandler(meetingState, () => {
    const ev = next();
    return { status: facts?.status ?? 'PLANNED', startsAt: facts?.startsAt ?? '', nextEvent: ev ? { kind: ev.kind, at: ev.at.toISOString() } : null };
  });
  // Handlers first: a query or signal may arrive before the first read of the meeting.
  facts = await meetingFacts({ meetingId: input.meetingId });

  while (facts) {
    const locked = facts.status === 'AGENDA_LOCKED' || facts.status === 'HELD';
    // The invite goes out when the agenda is locked (by the timer or early by a coordinator), again
    // after each move, and as a cancellation if the meeting is cancelled after it went out.
    if ((locked && inviteSent < facts.inviteSequence) || (facts.status === 'CANCELLED' && inviteSent >= 0 && inviteSent < facts.inviteSequence)) {
      await sendMeetingInvite({ meetingId: input.meetingId, sequence: facts.inviteSequence });
      inviteSent = facts.inviteSequence;
    }
    if (facts.status === 'CANCELLED' || facts.status === 'MINUTES_APPROVED') return facts.status;
    const ev = next();
    const wait = ev ? ev.at.getTime() - Date.now() : undefined;
    const woken = wait === undefined ? await condition(() => changed) : wait > 0 ? await condition(() => changed, wait) : false;
    if (woken) {
      changed = false;
      facts = await meetingFacts({ meetingId: input.meetingId });
    } else if (ev) {
      facts = await runMeetingEvent({ meetingId: input.meetingId, kind: ev.kind });
      done.add(ev.kind);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof meetingWorkflow>({ meetingId: input.meetingId, done: [...done], inviteSent });
    }
  }
  return 'MISSING';
}
