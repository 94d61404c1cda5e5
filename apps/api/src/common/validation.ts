import { BadRequestException, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

/** One global pipe: unknown fields are refused (by name), known ones are validated and transformed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
  });
}

/** A path id that must be a UUID; a malformed one is a 400 naming the parameter. */
export function uuidPipe(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException(`Path parameter "${name}" must be a UUID`),
  });
}

/** A field that may be left out, but not sent as null (class-validator's IsOptional lets null through to NOT NULL columns). */
export function OmitOrValidate(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
