import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateBy } from 'class-validator';
import { IsCalendarDate, IsOptionalText, IsText } from './validators.js';

/** api.md: a global log position, as writes return it. */
export const POSITION_PATTERN = /^\d{1,18}$/;

/**
 * What every read accepts (api.md "Read-your-writes"): `minPosition` makes the read wait (≤ 5 s) until the read
 * models have applied that position (app/read-your-writes.guard.ts), else 503 PROJECTION_LAGGING. Query DTOs
 * extend this so the parameter is documented and accepted wherever unknown parameters are refused.
 */
export class ReadQueryDto {
  @ApiPropertyOptional({ description: 'wait (≤ 5 s) until the read models have applied this position' })
  @IsOptional()
  @Matches(POSITION_PATTERN, { message: 'minPosition must be a log position (digits)' })
  minPosition?: string;
}

export class RecipientDto {
  @IsText(300)
  name: string;

  @IsOptionalText(500)
  address?: string | null;

  @IsOptionalText(128)
  id?: string | null;
}

export class PeriodDto {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  @ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (to, args) => typeof to !== 'string' || to >= (args?.object as PeriodDto).from,
      defaultMessage: () => 'to must not be before from',
    },
  })
  to: string;
}
