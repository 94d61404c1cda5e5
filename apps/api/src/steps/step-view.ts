import { isOverdue } from '@psp/domain';
import { decryptStepText, type FieldCipher, type PlanStepRow } from '@psp/persistence';
import type { StepView } from './steps.dto';

/** A step as the plan and the step's page show it, its description in plaintext. */
export function stepView(cipher: FieldCipher, s: PlanStepRow): StepView {
  return {
    id: s.id,
    fokuspersonId: s.fokusperson_id,
    description: decryptStepText(cipher, s.id, 'description', s.key_id, s.description_ciphertext),
    ownerAuthorityId: s.owner_authority_id,
    assigneeUserId: s.assignee_user_id,
    dueDate: s.due_date,
    status: s.status,
    blockReason: s.block_reason,
    overdue: isOverdue(s.status, s.due_date, new Date()),
    version: s.version,
  };
}
