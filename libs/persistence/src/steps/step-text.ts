import type { FieldCipher } from '../crypto/field-cipher';

/** A step's encrypted texts are bound to the step and the field (AES-GCM additional data). */
export const stepAad = (stepId: string, field: 'description' | 'note') => `step:${stepId}:${field}`;

/** A step's description or latest note (outcome, block text, reason) in plaintext; null once anonymised or never written. */
export function decryptStepText(cipher: FieldCipher, stepId: string, field: 'description' | 'note', keyId: string | null, ciphertext: Buffer | null): string | null {
  return keyId && ciphertext ? cipher.decrypt(ciphertext, stepAad(stepId, field), keyId) : null;
}
