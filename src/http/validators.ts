/** Field rules shared by every command DTO (api.md conventions, issue #3 "Validation"). */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { ID_PATTERN, ID_RULE } from '../events/ids.js';
import { isCalendarDate, isInstant } from '../rules/plan-dates.js';

/** A client-chosen id: 1–128 characters of [A-Za-z0-9._:-]. */
export const IsLedgerId = (options?: ValidationOptions) =>
  applyDecorators(
    IsString(options),
    Matches(ID_PATTERN, { message: `$property ${ID_RULE}`, ...options }),
    ApiProperty({ pattern: ID_PATTERN.source, example: 'E2' }),
  );

/** A real calendar date YYYY-MM-DD. */
export const IsCalendarDate = () =>
  applyDecorators(
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (v) => typeof v === 'string' && isCalendarDate(v),
        defaultMessage: () => '$property must be a real calendar date YYYY-MM-DD',
      },
    }),
    ApiProperty({ format: 'date', example: '2024-08-01' }),
  );

/** An ISO 8601 instant with an offset (Z or ±hh:mm). */
export const IsInstant = () =>
  applyDecorators(
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (v) => typeof v === 'string' && isInstant(v),
        defaultMessage: () => '$property must be an ISO 8601 instant with an offset, e.g. 2023-03-15T14:00:00Z',
      },
    }),
    ApiProperty({ format: 'date-time', example: '2023-03-15T14:00:00Z' }),
  );

// eslint-disable-next-line no-control-regex -- control characters (but tab, line feed, carriage return) are refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

/**
 * Text that says something: not only white space (a recipient named "  " names nobody), and no control characters
 * (tab and line breaks aside): they mean nothing to a reader and would bloat the stored JSON six-fold (limits.ts).
 */
const NotBlank = () =>
  ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (v) => typeof v !== 'string' || (v.trim().length > 0 && !CONTROL.test(v)),
      defaultMessage: (args) =>
        typeof args?.value === 'string' && CONTROL.test(args.value)
          ? '$property must not hold control characters'
          : '$property must not be blank',
    },
  });

/** Required text, not blank, bounded. */
export const IsText = (max: number) =>
  applyDecorators(IsString(), IsNotEmpty(), NotBlank(), MaxLength(max), ApiProperty({ maxLength: max }));

/** Text a correction may replace: absent, or given and not blank (never null: the field is required). */
export const IsReplacementText = (max: number) =>
  applyDecorators(
    ValidateIf((_, v) => v !== undefined),
    IsString(),
    NotBlank(),
    MaxLength(max),
    ApiPropertyOptional({ maxLength: max }),
  );

/** Optional text (null allowed; when given, not blank), bounded. */
export const IsOptionalText = (max: number) =>
  applyDecorators(
    IsOptional(),
    IsString(),
    NotBlank(),
    MaxLength(max),
    ApiPropertyOptional({ maxLength: max, nullable: true }),
  );
