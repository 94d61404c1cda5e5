import { ValidationError } from '@psp/domain';

/** Input checks shared by the invite and the PDFs; each throws a ValidationError naming the field. */

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`${field} must be a non-empty text`);
  return value.trim();
}

export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a text or null`);
  return value.trim() === '' ? null : value.trim();
}

export function requireInstant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(`${field} must be a valid date`);
  return value;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function requireArray<T>(value: readonly T[] | unknown, field: string): readonly T[] {
  if (!Array.isArray(value)) throw new ValidationError(`${field} must be a list`);
  return value as readonly T[];
}

/** Replaces control characters (other than a line feed, when `keepNewlines`) with `replacement`. */
export function withoutControls(text: string, replacement: string, keepNewlines = false): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    out += control && !(keepNewlines && ch === '\n') ? replacement : ch;
  }
  return out;
}
