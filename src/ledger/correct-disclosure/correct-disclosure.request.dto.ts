import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS } from '../../events/member.events.js';
import { LegalBasisDto } from '../record-disclosure/record-disclosure.request.dto.js';
import { PeriodDto, RecipientDto } from '../../http/common.dto.js';
import { IsInstant, IsLedgerId, IsOptionalText, IsReplacementText, IsText } from '../../http/validators.js';

/** The fields a correction may change (the disclosure id, member and idempotency stay). */
export class DisclosureChangesDto {
  @ApiPropertyOptional({ type: RecipientDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient?: RecipientDto;
  @IsOptional() @IsInstant() occurredAt?: string;
  @ApiPropertyOptional({ type: PeriodDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  occurredPeriod?: PeriodDto;
  @IsReplacementText(2000) phiDescription?: string;
  @IsReplacementText(2000) purpose?: string;
  @IsOptional() @IsString() @MaxLength(64) @Matches(/^[A-Z][A-Z0-9_-]*$/) purposeOfUse?: string | null;
  @IsOptionalText(200) madeBy?: string | null;
  @IsOptional() @IsLedgerId() writtenRequestRef?: string | null;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: (typeof CHANNELS)[number];
  @ApiPropertyOptional({ type: LegalBasisDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LegalBasisDto)
  legalBasis?: LegalBasisDto;
}

export class CorrectDisclosureRequestDto {
  @IsLedgerId() correctionId: string;

  @ApiProperty({ type: DisclosureChangesDto })
  @IsNotEmptyObject({}, { message: 'changes must name at least one field to correct' })
  @ValidateNested()
  @Type(() => DisclosureChangesDto)
  changes: DisclosureChangesDto;

  @IsText(2000) reason: string;
}

export class VoidDisclosureRequestDto {
  @IsLedgerId() voidId: string;
  @IsText(2000) reason: string;
}
