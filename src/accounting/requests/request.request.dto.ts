import { FORMATS, type ReportFormat } from '../reports/formats.js';
import { LANGUAGES } from '../reports/report-text.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmptyObject,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { REQUEST_KINDS, type RequestKind } from '../../events/accounting-request.events.js';
import { PeriodDto, ReadQueryDto } from '../../http/common.dto.js';
import { IsCalendarDate, IsInstant, IsLedgerId, IsText } from '../../http/validators.js';

export class RequesterDto {
  @ApiProperty({ enum: ['self', 'representative'] }) @IsIn(['self', 'representative']) type: 'self' | 'representative';
  @ValidateIf((o: RequesterDto) => o.type === 'representative' || o.personId !== undefined)
  @IsLedgerId()
  personId?: string;
}

export class RecordAccountingRequestDto {
  @IsLedgerId() requestId: string;
  @IsLedgerId() memberId: string;
  @ApiProperty({ type: RequesterDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => RequesterDto)
  requester: RequesterDto;
  @ApiPropertyOptional({ description: 'privacy office only; a member or representative asking is received now' })
  @IsOptional()
  @IsInstant()
  receivedAt?: string;
  @ApiPropertyOptional({ type: PeriodDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  period?: PeriodDto;
  @ApiPropertyOptional({
    enum: REQUEST_KINDS,
    description:
      'accounting (default, 164.528); part2-accounting (42 CFR 2.25, a Part 2 program); part2-intermediary-list ' +
      '(42 CFR 2.24, an intermediary; written request, due in 30 days)',
  })
  @IsOptional()
  @IsIn(REQUEST_KINDS, { message: `kind must be one of ${REQUEST_KINDS.join(', ')}` })
  kind?: RequestKind;
  @ApiPropertyOptional({ description: 'the copy of the written request kept (required for part2-intermediary-list)' })
  @IsOptional()
  @IsLedgerId()
  writtenRequestRef?: string;
}

export class ExtensionRequestDto {
  @IsInstant() sentAt: string;
  @IsText(2000) reason: string;
  @IsCalendarDate() newDueOn: string;
}

export class FeeNoticeRequestDto {
  @IsInstant() sentAt: string;
  @ApiProperty({ minimum: 0 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100_000) amount: number;
}

export class ModificationRequestDto {
  @ApiProperty({ type: PeriodDto }) @IsNotEmptyObject() @ValidateNested() @Type(() => PeriodDto) period: PeriodDto;
}

export class WithdrawalRequestDto {
  @IsInstant() withdrawnAt: string;
}

export class FulfilmentRequestDto {
  @IsInstant() providedAt: string;
  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format: ReportFormat;
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of the accounting provided (default en)' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang must be one of ${LANGUAGES.join(', ')}` })
  lang?: string;
}

export class RequestStatusQueryDto extends ReadQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsInstant() asOf?: string;
}

export const REQUEST_STATUSES = ['open', 'extended', 'fee-pending', 'provided', 'withdrawn', 'overdue'] as const;

export class RequestSearchQueryDto extends RequestStatusQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: (typeof REQUEST_STATUSES)[number];
  @IsOptional() @IsLedgerId() memberId?: string;
}
