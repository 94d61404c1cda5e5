import { pendingMeetingEvents, type MeetingEventKind, type MeetingStatus } from '@psp/domain';
import { meetingChanged, meetingState, type MeetingFacts, type MeetingWorkflowInput } from '@psp/workflow-contracts';
import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { recordChanges } from './record-changes';

const { meetingFacts, runMeetingEvent, sendMeetingInvite } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

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
  let facts: MeetingFacts | null = null;

  // The preparation window runs from the meeting's creation (the database's, whatever run this is).
  const next = () => (facts ? (pendingMeetingEvents(facts.status, done, new Date(facts.startsAt), facts.policy, new Date(facts.createdAt))[0] ?? null) : null);
  const changes = recordChanges(meetingChanged);
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
    if (await changes.changedBefore(ev?.at)) {
      changes.take();
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
