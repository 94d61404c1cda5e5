import { caseListRepository, type FieldCipher, type MeetingRow, type NewStep } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditRecorder } from '../audit/audited-transactions';
import { caseListItemView } from './case-list-view';
import type { MinutesItemView, MinutesView } from './minutes.dto';

/** An item's minutes, stored encrypted: the reason, the note and the agreed steps may name the citizen. */
export interface ItemMinutes {
  reason: string;
  note: string | null;
  steps: NewStep[];
}

// Bound to the item (libs/persistence's key rotation re-encrypts with the same).
const minutesAad = (itemId: string) => `meeting_item:${itemId}:minutes`;

export function encryptMinutes(cipher: FieldCipher, itemId: string, minutes: ItemMinutes): { keyId: string; minutesCiphertext: Buffer } {
  const keyId = cipher.activeKeyId;
  return { keyId, minutesCiphertext: cipher.encrypt(JSON.stringify(minutes), minutesAad(itemId), keyId) };
}

export function decryptMinutes(cipher: FieldCipher, itemId: string, keyId: string, ciphertext: Buffer): ItemMinutes {
  return JSON.parse(cipher.decrypt(ciphertext, minutesAad(itemId), keyId)) as ItemMinutes;
}

/**
 * The minutes as the caller sees them: one logged use naming every person in them. `unlogged`: only
 * those this request has not logged already (approving logs each decided person's change, and
 * reads the rest).
 */
export async function minutesView(
  tx: EntityManager,
  cipher: FieldCipher,
  m: MeetingRow,
  audit: AuditRecorder,
  startedStepIds: string[],
  log: 'all' | 'unlogged' = 'all',
): Promise<MinutesView> {
  const rows = await caseListRepository.load(tx, m.id, new Date());
  if (log === 'all') audit.use({ resourceType: 'Minutes', resourceId: m.id, fokuspersonIds: rows.map((r) => r.fokusperson_id), detail: rows.length === 0 ? 'no agenda items' : null });
  else {
    const logged = new Set(audit.allowed.map((e) => e.fokuspersonId));
    const unlogged = rows.map((r) => r.fokusperson_id).filter((id) => !logged.has(id));
    if (unlogged.length > 0) audit.use({ action: 'READ', resourceType: 'Minutes', resourceId: m.id, fokuspersonIds: unlogged, detail: 'undecided items in the approved minutes' });
  }
  const items: MinutesItemView[] = rows.map((r) => {
    const minutes = r.minutes_key_id && r.minutes_ciphertext ? decryptMinutes(cipher, r.item_id, r.minutes_key_id, r.minutes_ciphertext) : null;
    return {
      ...caseListItemView(cipher, r),
      decision: r.decision,
      reason: minutes?.reason ?? null,
      note: minutes?.note ?? null,
      nextReviewDate: r.next_review_date,
      steps: minutes?.steps ?? [],
    };
  });
  return {
    meetingId: m.id,
    status: m.status,
    attendance: m.attendance,
    version: m.minutes_version,
    items,
    approvedAt: m.approved_at ? new Date(m.approved_at).toISOString() : null,
    startedStepIds,
  };
}
