import { maskCprDigits } from '@psp/domain';
import type { FokuspersonRow, FokuspersonSecrets } from '@psp/persistence';
import type { FokuspersonDetailView, FokuspersonSummary } from './fokusperson.dto';

/** A person as a list shows them: the CPR number masked; no personal field once anonymised. */
export function fokuspersonSummary(row: FokuspersonRow, secrets: FokuspersonSecrets | null): FokuspersonSummary {
  return {
    id: row.id,
    forumId: row.forum_id,
    status: row.status,
    cpr: secrets ? maskCprDigits(secrets.cprDigits) : null,
    name: secrets?.name ?? null,
    leadAuthorityId: row.lead_authority_id,
    nominatedAt: row.nominated_at,
  };
}

/** A person as their page shows them, with the decisions taken about them. */
export function fokuspersonDetail(row: FokuspersonRow, secrets: FokuspersonSecrets | null): FokuspersonDetailView {
  return {
    ...fokuspersonSummary(row, secrets),
    nominatingAuthorityId: row.nominating_authority_id,
    criteria: secrets?.details.criteria ?? null,
    notes: secrets?.details.notes ?? null,
    leadAuthorityReason: secrets?.details.leadAuthorityReason ?? null,
    informationDecision: secrets?.details.informationDecision ?? null,
    // A decision the system took (a nomination left undecided) is kept in plaintext, without a person.
    decisions: [
      ...(secrets?.details.decisions ?? []),
      ...(row.system_reason && row.rejected_at ? [{ decision: 'REJECT', reason: row.system_reason, at: new Date(row.rejected_at).toISOString(), byUserId: null }] : []),
    ],
    acceptedAt: row.accepted_at,
    nextReviewDate: row.next_review_date,
    rejectedAt: row.rejected_at,
    closedAt: row.closed_at,
    anonymisedAt: row.anonymised_at,
    version: row.version,
  };
}
