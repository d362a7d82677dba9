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

/** Required text, trimmed non-empty, bounded. */
export const IsText = (max: number) =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(max), ApiProperty({ maxLength: max }));

/** Optional text (null allowed), bounded. */
export const IsOptionalText = (max: number) =>
  applyDecorators(IsOptional(), IsString(), MaxLength(max), ApiPropertyOptional({ maxLength: max, nullable: true }));
