import { BadRequestException, Param, ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { ValidatorOptions } from 'class-validator';
import { ValidateIf } from 'class-validator';

const MULTILINE_KEY = 'psp:multiline-text';
/** At most this many messages in one 400; a body of 64 kB could otherwise yield thousands. */
const MAX_MESSAGES = 50;

/**
 * Marks a text field that may span lines: tab, line feed and carriage return are allowed in it.
 * Every other text field is a single line. No text field may hold any other control character.
 */
export function MultilineText(): PropertyDecorator {
  return (target, key) => Reflect.defineMetadata(MULTILINE_KEY, true, target, key);
}

/**
 * One global pipe: unknown fields are refused (by name), known ones are validated and transformed.
 * Before the DTO's own rules run, every text in the input (body and query, nested and in lists) is
 * screened for control characters (Unicode Cc: U+0000-U+001F and U+007F-U+009F; a field marked
 * `MultilineText` may hold tab, line feed and carriage return), and then trimmed, so a name of
 * spaces is empty and fails its length rule. Each message names its field once, by its whole path
 * (`criteria.reason`, `items[0].steps[1].dueDate`).
 */
export function createValidationPipe(): ValidationPipe {
  return new PspValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
  });
}

class PspValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const textErrors: ValidationError[] = [];
    screenTexts(object, '', textErrors);
    const errors = (await super.validate(object, validatorOptions)) as ValidationError[];
    return [...textErrors, ...errors];
  }
}

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

/** Refuses control characters in every text under `value`, and trims the texts that pass. */
function screenTexts(value: unknown, path: string, errors: ValidationError[], multiline = false): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (typeof item === 'string') value[i] = screenText(item, at, errors, multiline);
      else screenTexts(item, at, errors);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(value) as object | null;
  for (const key of Object.keys(record)) {
    const at = path ? `${path}.${key}` : key;
    const lines = prototype !== null && prototype !== Object.prototype && Reflect.getMetadata(MULTILINE_KEY, prototype, key) === true;
    const field = record[key];
    if (typeof field === 'string') record[key] = screenText(field, at, errors, lines);
    else screenTexts(field, at, errors, lines);
  }
}

function screenText(text: string, path: string, errors: ValidationError[], multiline: boolean): string {
  const found = (multiline ? CONTROL_BUT_LINES : CONTROL).exec(text);
  if (!found) return text.trim();
  const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const message = multiline
    ? `${path} must not contain control characters other than tab and line breaks (found ${code})`
    : `${path} must be a single line without control characters (found ${code})`;
  errors.push({ property: path, constraints: { controlCharacters: message }, children: [] });
  return text;
}

/**
 * The messages of a failed validation, each naming its field once by its whole path. DTO messages
 * name the field as their DTO sees it (`reason`, or `items.reason` in a list's element); the name
 * is replaced by the path from the body's root (`items[2].reason`).
 */
export function validationMessages(errors: readonly ValidationError[]): string[] {
  const messages: string[] = [];
  const walk = (list: readonly ValidationError[], parent: string) => {
    for (const error of list) {
      const property = String(error.property);
      const path = !parent ? property : /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
      for (const message of Object.values(error.constraints ?? {})) messages.push(parent ? locate(message, path, property) : message);
      if (error.children?.length) walk(error.children, path);
    }
  };
  walk(errors, '');
  if (messages.length <= MAX_MESSAGES) return messages;
  return [...messages.slice(0, MAX_MESSAGES), `… and ${messages.length - MAX_MESSAGES} more problems`];
}

/** Puts the field's whole path where the message names the field (with or without its parents), else in front. */
function locate(message: string, path: string, property: string): string {
  const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = new RegExp(`(?<![\\w$.\\]])(?:[A-Za-z_$][\\w$]*(?:\\[\\d+\\])?\\.)*${escaped}(?![\\w$])`);
  return name.test(message) ? message.replace(name, () => path) : `${path}: ${message}`;
}

/** A path id that must be a UUID; a malformed one is a 400 naming the parameter. */
export function uuidPipe(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException(`Path parameter "${name}" must be a UUID`),
  });
}

/** A path parameter that must be a UUID: a malformed one is a 400 naming it; OpenAPI says `format: uuid`. */
export function UuidParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, uuidPipe(name))(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (descriptor && key !== undefined) ApiParam({ name, type: String, format: 'uuid' })(target, key, descriptor);
  };
}

/** A field that may be left out, but not sent as null (class-validator's IsOptional lets null through to NOT NULL columns). */
export function OmitOrValidate(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
