import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@psp/domain';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';

const STATUS: Record<DomainError['kind'], number> = {
  invalid: HttpStatus.BAD_REQUEST,
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
  '22P02': [HttpStatus.BAD_REQUEST, 'A value has the wrong format'],
};

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
