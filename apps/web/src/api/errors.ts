/**
 * The api answers errors as JSON {statusCode, error, message, requestId}; `message` is English
 * (for developers) and, for 400 and 422, names the field ("outcome must be 3-2000 characters",
 * "assigneeUserId ... is not an active user"). The web app shows Danish text by status, and at the
 * field for the messages it recognises.
 */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the api could not be reached at all. */
    readonly status: number,
    /** The api's messages (English), one per problem. */
    readonly messages: string[],
    readonly requestId?: string,
  ) {
    super(`api ${status}: ${messages.join('; ')}`);
    this.name = 'ApiError';
  }

  /**
   * The input was refused: malformed (400), or well-formed but against a rule that depends on other
   * data or on the date (422, e.g. a due date in the past). Either is shown at its field.
   */
  get invalidInput(): boolean {
    return this.status === 400 || this.status === 422;
  }

  /** The request can be repeated as it is: the api or the network was unavailable. */
  get transient(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

interface ErrorBody {
  message?: unknown;
  requestId?: unknown;
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const messages = Array.isArray(b.message) ? b.message.map(String) : typeof b.message === 'string' ? [b.message] : [];
  return new ApiError(status, messages, typeof b.requestId === 'string' ? b.requestId : undefined);
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call: the data when the api answered 2xx, otherwise an ApiError. A
 * network failure (no answer at all) is an ApiError with status 0; an abort stays an abort.
 */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, [err instanceof Error ? err.message : String(err)]);
  }
  if (result.response.ok) return result.data as T;
  return Promise.reject(apiErrorFrom(result.response.status, result.error));
}

/**
 * The fields named by a 400's or 422's messages: `matchers` maps a field key to the api names that mean it
 * (e.g. { cpr: ['cpr', 'CPR number'] }). Returns field key → the api's message, for the fields it
 * found; `rest` holds the messages that name no known field.
 */
export function fieldProblems<K extends string>(error: ApiError, matchers: Record<K, readonly string[]>): { fields: Partial<Record<K, string>>; rest: string[] } {
  const fields: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  for (const message of error.messages) {
    const subject = message.replace(/^each (of )?/i, '').toLowerCase();
    const key = (Object.keys(matchers) as K[]).find((k) => matchers[k].some((name) => subject.startsWith(`${name.toLowerCase()} `)));
    if (key !== undefined) fields[key] ??= message;
    else rest.push(message);
  }
  return { fields, rest };
}
