import type { components } from './schema';

/** Short names for the generated api types the web app uses (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];

export type MeView = Schemas['MeResponse'];
export type Role = MeView['roles'][number];
export type SessionView = Schemas['SessionResponse'];
export type NotificationView = Schemas['NotificationResponse'];
export type TaskView = Schemas['TaskView'];
export type StepDetailView = Schemas['StepDetailView'];
export type StepStatus = StepDetailView['status'];
export type StepAction = StepDetailView['allowedActions'][number];
export type StepHistoryEntry = Schemas['StepHistoryView'];
export type BlockReason = Schemas['BlockDto']['reason'];
export type OversightGroupView = Schemas['OversightGroupView'];
export type OversightStepView = Schemas['OversightStepView'];
export type BlockedStepView = Schemas['BlockedStepView'];
export type TrendWeekView = Schemas['TrendWeekView'];
export type NamedRef = Schemas['NamedRef'];
export type UserRef = Schemas['UserRef'];
export type MeetingView = Schemas['MeetingView'];
export type MeetingStatus = MeetingView['status'];
export type NominateBody = Schemas['NominateDto'];
export type Challenge = NominateBody['criteria']['challenges'][number];
export type AuthorityKind = NominateBody['criteria']['frequentContactWith'][number];
