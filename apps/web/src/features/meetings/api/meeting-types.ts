import type { components } from '../../../api/schema';

/** The meeting api's shapes (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];
export type AgendaView = Schemas['AgendaView'];
export type CaseListItem = Schemas['CaseListItemView'];
export type PersonSummary = Schemas['FokuspersonSummary'];
export type MinutesView = Schemas['MinutesView'];
export type MinutesItem = Schemas['MinutesItemView'];
export type MinutesBody = Schemas['MinutesDto'];
export type ItemDecision = Schemas['ItemMinutesDto']['decision'];
export type ApprovalPreview = Schemas['ApprovalPreview'];
export type AssigneeAuthority = Schemas['AssigneeAuthorityView'];
export type ClosedDay = Schemas['ClosedDayView'];
