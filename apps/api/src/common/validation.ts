import { type ArgumentMetadata, BadRequestException, Param, ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiParam, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { MONTH_DAY, TIME_AND_OFFSET } from '@psp/domain';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationOptions, type ValidatorOptions } from 'class-validator';

export const MULTILINE_KEY = 'psp:multiline-text';
export const FREE_TEXT_KEY = 'psp:free-text';
export const SCHEMA_RULE_KEY = 'psp:schema-rule';

/**
 * A rule over the whole object that no property states (at least one of some fields, a field that
 * the value of another requires), in JSON Schema words: openapi.ts adds it to the DTO's schema. The
 * DTO's validation or the domain enforces it; this only says so in the document.
 */
export function SchemaRule(rule: Record<string, unknown>): ClassDecorator {
  return (target) => Reflect.defineMetadata(SCHEMA_RULE_KEY, rule, target);
}

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
 * A free text (a name, a reason, a note): leading and trailing white space is removed first, then
 * it must be `min`-`max` characters, counted as Unicode code points (as JSON Schema counts them).
 * Codes, dates and ids are not free texts: they are matched exactly, without trimming. The OpenAPI
 * document states the whole rule as a pattern (`textPattern`).
 */
export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    Reflect.defineMetadata(FREE_TEXT_KEY, { min, max }, target, key);
    registerDecorator({
      name: 'textLength',
      target: target.constructor,
      propertyName: String(key),
      constraints: [min, max],
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePoints(value) >= min && codePoints(value) <= max,
        defaultMessage: (args) => `${args?.property ?? 'text'} must be ${min}-${max} characters`,
      },
    });
  };
}

const codePoints = (text: string): number => [...text].length;

/**
 * Regular-expression class bodies. `SPACE`: the white space `String.prototype.trim` removes
 * (ECMAScript WhiteSpace and LineTerminator) that is not a control character; the rest of it (tab,
 * line feed, vertical tab, form feed, carriage return) is refused or, in a multi-line text, the
 * line breaks and tab are allowed.
 */
const SPACE = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const LINE_SPACE = `\\t\\n\\r${SPACE}`;
const CONTROL_CLASS = '\\u0000-\\u001f\\u007f-\\u009f';
const CONTROL_CLASS_MULTILINE = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

/**
 * The pattern a free text matches exactly when the api accepts it: no control characters (but tab
 * and line breaks in a multi-line text), and `min`-`max` characters once leading and trailing white
 * space is removed. Character classes are spelled out (no `\s`, `\d` or `\p{}`), so ECMAScript,
 * Python and Rust regular expressions read it alike.
 */
export function textPattern(min: number, max: number, multiline: boolean): string {
  const refused = multiline ? CONTROL_CLASS_MULTILINE : CONTROL_CLASS;
  const space = multiline ? LINE_SPACE : SPACE;
  const any = `[^${refused}]`;
  const solid = `[^${refused}${space}]`;
  const pad = `[${space}]*`;
  const inner = (from: number) => `${any}{${from},${Math.max(from, max - 2)}}`;
  const core = max === 0 ? '' : max === 1 ? solid : min >= 2 ? `${solid}${inner(min - 2)}${solid}` : `${solid}(?:${inner(0)}${solid})?`;
  return `^${pad}${min === 0 && core ? `(?:${core})?` : core}${pad}$`;
}

/**
 * An instant a caller names (an access-log query's bounds): an RFC 3339 date-time with seconds and an
 * offset (Z, or ±HH:MM up to 14:59, which holds every time zone there is; PostgreSQL refuses beyond
 * 15:59), on a real date of 1900-9999. JavaScript's Date reads far more ("0", "2027"): this is what
 * the OpenAPI document can state and the database stores.
 */
const LEAP_DAY_1900_9999 = '(?:(?:19|[2-9][0-9])(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00)-02-29';
export const INSTANT_PATTERN =
  `^(?:(?:19[0-9]{2}|[2-9][0-9]{3})-${MONTH_DAY}|${LEAP_DAY_1900_9999})T${TIME_AND_OFFSET}$`;

/**
 * An integer query parameter: only an optional minus and digits become a number; anything else
 * (`1.5`, `1e3`, ` 5`, an empty value, a repeated parameter) stays as sent and fails `IsInt`.
 */
export function QueryInt(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value));
}

/**
 * One global pipe: unknown fields are refused (by name), known ones are validated and transformed.
 * Before the DTO's own rules run, every text in the input (body and query, nested and in lists) is
 * screened for control characters (Unicode Cc: U+0000-U+001F and U+007F-U+009F; a field marked
 * `MultilineText` may hold tab, line feed and carriage return), and free texts (`TextLength`) are
 * trimmed, so a name of spaces is empty and fails its length rule. An operation that takes a body
 * refuses a request without one. Each message names its field once, by its whole path
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
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === undefined && metadata.metatype !== undefined && metadata.metatype !== Object) {
      throw new BadRequestException('This operation needs a JSON request body (Content-Type: application/json)');
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const textErrors: ValidationError[] = [];
    screenTexts(object, '', textErrors);
    const errors = (await super.validate(object, validatorOptions)) as ValidationError[];
    return [...textErrors, ...errors];
  }
}

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

/** Refuses control characters in every text under `value`, and trims the free texts that pass. */
function screenTexts(value: unknown, path: string, errors: ValidationError[], multiline = false, free = false): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (typeof item === 'string') value[i] = screenText(item, at, errors, multiline, free);
      else screenTexts(item, at, errors);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(value) as object | null;
  for (const key of Object.keys(record)) {
    const at = path ? `${path}.${key}` : key;
    const declared = prototype !== null && prototype !== Object.prototype;
    const lines = declared && Reflect.getMetadata(MULTILINE_KEY, prototype, key) === true;
    const free = declared && Reflect.getMetadata(FREE_TEXT_KEY, prototype, key) !== undefined;
    const field = record[key];
    if (typeof field === 'string') record[key] = screenText(field, at, errors, lines, free);
    else screenTexts(field, at, errors, lines, free);
  }
}

function screenText(text: string, path: string, errors: ValidationError[], multiline: boolean, free: boolean): string {
  const found = (multiline ? CONTROL_BUT_LINES : CONTROL).exec(text);
  if (!found) return free ? text.trim() : text;
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

/**
 * Documents the 422 of a route whose request can be well-formed (it meets the OpenAPI document) and
 * still break a rule that depends on other data or on the date (a RuleViolationError); `rules` says which.
 */
export function ApiRuleViolation(rules: string): MethodDecorator {
  return ApiUnprocessableEntityResponse({ description: `Well-formed, but against a rule that depends on other data or on the date: ${rules}; the message says which` });
}

/** A field that may be left out, but not sent as null (class-validator's IsOptional lets null through to NOT NULL columns). */
export function OmitOrValidate(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
