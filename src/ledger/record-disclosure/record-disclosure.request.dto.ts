import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHANNELS } from '../../events/member.events.js';
import { PeriodDto, RecipientDto } from '../../http/common.dto.js';
import { IsInstant, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';

/** A CFR citation such as 164.512(b)(1)(i) or 164.508. */
export const CFR_PATTERN = /^\d{3}\.\d{1,4}(\([A-Za-z0-9]{1,6}\)){0,6}$/;

export class LegalBasisDto {
  @ApiProperty({ nullable: true, example: '164.512(b)(1)(i)', description: 'null only with permitted: false' })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(CFR_PATTERN, { message: 'cfr must be a CFR citation such as 164.512(b)(1)(i), or null' })
  cfr: string | null;

  @ApiProperty()
  @IsBoolean()
  permitted: boolean;

  @IsOptional()
  @IsLedgerId()
  authorizationId?: string | null;

  @IsOptionalText(2000)
  rationale?: string | null;
}

/** 42 CFR 2.12(d)(1): for proceedings against the member, the court order (subpart E) or specific consent relied on. */
export class Part2ProceedingsDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsLedgerId() courtOrderRef?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsLedgerId() consentRef?: string | null;
}

export class SensitivityDto {
  @ApiProperty() @IsBoolean() part2: boolean;
  @ApiProperty() @IsBoolean() minorConsented: boolean;
  @ApiPropertyOptional({
    type: Part2ProceedingsDto,
    description: 'the records were disclosed for use in proceedings against the member (42 CFR 2.12(d)(1))',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => Part2ProceedingsDto)
  part2Proceedings?: Part2ProceedingsDto;
  @ApiPropertyOptional({ description: 'made through an electronic health record (42 CFR 2.25(b))' })
  @IsOptional()
  @IsBoolean()
  viaEhr?: boolean;
}

/** POST /v1/disclosures (api.md "Commands"). Exactly one of occurredAt and occurredPeriod. */
export class RecordDisclosureRequestDto {
  @IsLedgerId() disclosureId: string;
  @IsLedgerId() memberId: string;

  /** required unless occurredPeriod is given (a disclosure known only by period, OCR FAQ 466) */
  @ValidateIf((o: RecordDisclosureRequestDto) => o.occurredPeriod === undefined)
  @IsInstant()
  occurredAt?: string;

  @ApiPropertyOptional({ type: PeriodDto })
  @ValidateIf((o: RecordDisclosureRequestDto) => o.occurredPeriod !== undefined)
  @ValidateBy({
    name: 'notBoth',
    validator: {
      validate: (_, args) => (args?.object as RecordDisclosureRequestDto).occurredAt === undefined,
      defaultMessage: () => 'give either occurredAt or occurredPeriod, not both',
    },
  })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  occurredPeriod?: PeriodDto;

  @ApiProperty({ type: RecipientDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient: RecipientDto;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: (typeof CHANNELS)[number];

  @IsOptionalText(200) madeBy?: string | null;
  @IsText(2000) phiDescription: string;
  @IsText(2000) purpose: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Z][A-Z0-9_-]*$/, { message: 'purposeOfUse must be an HL7 v3 PurposeOfUse code such as PUBHLTH' })
  @ApiPropertyOptional({ example: 'PUBHLTH', nullable: true })
  purposeOfUse?: string | null;

  @ApiProperty({ type: LegalBasisDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => LegalBasisDto)
  legalBasis: LegalBasisDto;

  @IsOptional() @IsLedgerId() writtenRequestRef?: string | null;
  @IsOptional() @IsLedgerId() researchProtocolId?: string | null;

  @ApiPropertyOptional({ type: SensitivityDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SensitivityDto)
  sensitivity?: SensitivityDto;

  @IsOptionalText(128) sourceSystem?: string | null;
}
