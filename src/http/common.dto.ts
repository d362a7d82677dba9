import { ValidateBy } from 'class-validator';
import { IsCalendarDate, IsOptionalText, IsText } from './validators.js';

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
