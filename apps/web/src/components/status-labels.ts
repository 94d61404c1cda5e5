import type { AuthorityKind, BlockReason, MeetingStatus, StepStatus } from '../api/types';
import { texts } from './texts';

/** Danish labels for the api's codes; an unknown code is shown as given rather than hidden. */
export const stepStatusLabel = (status: StepStatus | string): string => (texts.stepStatus as Record<string, string>)[status] ?? status;
export const blockReasonLabel = (reason: BlockReason | string): string => (texts.blockReason as Record<string, string>)[reason] ?? reason;
export const meetingStatusLabel = (status: MeetingStatus | string): string => (texts.meetingStatus as Record<string, string>)[status] ?? status;
export const authorityKindLabel = (kind: AuthorityKind | string): string => (texts.authorityKind as Record<string, string>)[kind] ?? kind;
export const personStatusLabel = (status: string): string => (texts.personStatus as Record<string, string>)[status] ?? status;
/** A person's name, or a neutral text once the person has been anonymised. */
export const personName = (name: string | null | undefined): string => name ?? texts.anonymised;
