import { caseListRepository, decryptName, type CaseListRow, type FieldCipher, type MeetingRow } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditRecorder } from '../audit/audited-transactions';
import type { AgendaView, CaseListItemView } from './meetings.dto';

/** The case list with live facts: one logged use naming every person shown. */
export async function caseListItems(tx: EntityManager, cipher: FieldCipher, meetingId: string, audit: AuditRecorder): Promise<CaseListItemView[]> {
  const rows = await caseListRepository.load(tx, meetingId, new Date());
  audit.use({ resourceType: 'CaseList', resourceId: meetingId, fokuspersonIds: rows.map((r) => r.fokusperson_id), detail: rows.length === 0 ? 'empty case list' : null });
  return rows.map((r) => caseListItemView(cipher, r));
}

export async function agendaView(tx: EntityManager, cipher: FieldCipher, m: Pick<MeetingRow, 'id' | 'status'>, audit: AuditRecorder): Promise<AgendaView> {
  return { meetingId: m.id, status: m.status, items: await caseListItems(tx, cipher, m.id, audit) };
}

export function caseListItemView(cipher: FieldCipher, r: CaseListRow): CaseListItemView {
  return {
    itemId: r.item_id,
    position: r.position,
    fokuspersonId: r.fokusperson_id,
    name: decryptName(cipher, r.fokusperson_id, r.key_id, r.name_ciphertext),
    status: r.status,
    reasons: r.reasons,
    leadAuthority: r.lead_authority_id ? { id: r.lead_authority_id, name: r.lead_authority_name ?? '' } : null,
    openSteps: r.open_steps,
    overdueSteps: r.overdue_steps,
    blockedSteps: r.blocked_steps,
  };
}
