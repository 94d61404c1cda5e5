import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@psp/domain';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';

const STATUS: Record<DomainError['kind'], number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
  /** Readiness only: the state of each dependency. */
  details?: Record<string, { status: string; message?: string }>;
}

interface HealthReport {
  status: 'error';
  details: Record<string, { status: string; message?: string }>;
}

/** What @nestjs/terminus throws when a readiness indicator is down. */
function isHealthReport(res: unknown): res is HealthReport {
  return typeof res === 'object' && res !== null && (res as HealthReport).status === 'error' && typeof (res as HealthReport).details === 'object';
}

/** PostgreSQL error codes that mean the request, not the server, is at fault. */
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '23505': [HttpStatus.CONFLICT, 'A record with the same unique value already exists'],
  '23503': [HttpStatus.CONFLICT, 'The request refers to a record that does not exist or is still in use'],
  '23514': [HttpStatus.BAD_REQUEST, 'A value is outside what is allowed'],
  '23502': [HttpStatus.BAD_REQUEST, 'A required value is missing (null is not allowed here)'],
  '22P02': [HttpStatus.BAD_REQUEST, 'A value has the wrong format'],
  '22003': [HttpStatus.BAD_REQUEST, 'A number is out of range'],
  '22008': [HttpStatus.BAD_REQUEST, 'A date or time is out of range'],
  '22007': [HttpStatus.BAD_REQUEST, 'A date or time has the wrong format'],
  '22009': [HttpStatus.BAD_REQUEST, 'A time zone offset is out of range'],
};

/** Socket errors and PostgreSQL codes that mean the database cannot be reached right now. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Connection ended unexpectedly|the database system is (starting up|shutting down)/i;

const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** The database is down or restarting: the request can be retried, so 503, not 500. */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 4) return false;
  const { code, message, driverError, cause } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  // TypeORM's errors when the connection of a transaction broke under it (it released the runner).
  if (RELEASED_RUNNER.has(e.constructor?.name ?? '') || RELEASED_RUNNER.has(String((e as { name?: unknown }).name))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** The Temporal frontend cannot be reached (gRPC UNAVAILABLE or DEADLINE_EXCEEDED). */
function isTemporalUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 4) return false;
  const { code, cause } = e as { code?: unknown; cause?: unknown };
  if (code === 14 || code === 4) return true;
  return isTemporalUnavailable(cause, depth + 1);
}

/**
 * The one place errors become HTTP. Bodies carry a message a person can act on, never a stack
 * trace or SQL; unexpected errors are logged with the request id and answered with a plain 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { id?: string }>();
    const response = ctx.getResponse<Response>();
    const body = this.toBody(exception, request);
    if (request.id !== undefined) body.requestId = String(request.id);
    if (response.headersSent) {
      // A download that failed after its first bytes: the status is gone, so the client must see a broken response.
      this.logger.error({ err: exception, path: request.path, status: body.statusCode }, 'Error after the response had begun');
      response.destroy();
      return;
    }
    // A route's own headers (@Header: text/calendar, text/csv, attachment) were set before its
    // handler ran; an error is the JSON error, shown, not saved as the file the route would have sent.
    response.removeHeader('content-disposition');
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.kind];
      return { statusCode, error: reason(statusCode), message: exception.message };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const res = exception.getResponse();
      if (isHealthReport(res)) {
        const down = Object.entries(res.details).filter(([, d]) => d.status !== 'up');
        const message = `Not ready: ${down.map(([name, d]) => `${name} is down${d.message ? ` (${d.message})` : ''}`).join('; ')}`;
        return { statusCode, error: reason(statusCode), message, details: res.details };
      }
      const message =
        typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? exception.message);
      return { statusCode, error: reason(statusCode), message };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      const known = code ? PG_CLIENT_ERRORS[code] : undefined;
      if (known) return { statusCode: known[0], error: reason(known[0]), message: known[1] };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ path: request.path, err: (exception as Error).message }, 'Database unavailable');
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: reason(HttpStatus.SERVICE_UNAVAILABLE), message: 'The database is unavailable; nothing was changed. Try again in a moment' };
    }
    if (isTemporalUnavailable(exception)) {
      this.logger.warn({ path: request.path, err: (exception as Error).message }, 'Temporal unavailable');
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: reason(HttpStatus.SERVICE_UNAVAILABLE), message: 'The workflow service is unavailable; nothing was changed. Try again in a moment' };
    }
    if (isBodyParserError(exception)) {
      return { statusCode: exception.status, error: reason(exception.status), message: exception.message };
    }
    this.logger.error({ err: exception, path: request.path }, 'Unhandled error');
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'An unexpected error occurred; it has been logged with this request id',
    };
  }
}

const reason = (status: number): string => STATUS_CODES[status] ?? 'Error';

function isBodyParserError(e: unknown): e is { status: number; message: string; expose: boolean } {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { expose?: unknown }).expose === true &&
    typeof (e as { status?: unknown }).status === 'number' &&
    (e as { status: number }).status >= 400 &&
    (e as { status: number }).status < 500
  );
}
