/**
 * Typed domain errors. The api maps each kind to one HTTP status in a single exception filter;
 * messages are written for the person who sent the request.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'unprocessable' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong: malformed, or against a rule its OpenAPI schema states (400). */
export class ValidationError extends DomainError {
  readonly kind = 'invalid' as const;
}

/**
 * The request is well-formed, but breaks a rule no schema can state because it depends on other
 * data or on the date: an authority that must be a member of the forum, a due date not in the past,
 * two decisions on one agenda item (422).
 */
export class RuleViolationError extends DomainError {
  readonly kind = 'unprocessable' as const;
}

/** No valid identity (401). */
export class AuthenticationError extends DomainError {
  readonly kind = 'unauthenticated' as const;
}

/** Identity known, but policy refuses (403). */
export class AccessDeniedError extends DomainError {
  readonly kind = 'forbidden' as const;
}

/** Unknown, or not visible to the caller (404). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(resource: string, id: string) {
    super(`${resource} ${id} was not found`);
  }
}

/** The request conflicts with the current state (409). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The fields that are set: a left-out field (undefined) keeps its default when spread over defaults. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
