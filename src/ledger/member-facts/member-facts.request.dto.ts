import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmptyObject, IsOptional, ValidateBy, ValidateNested } from 'class-validator';
import { RecipientDto } from '../../http/common.dto.js';
import { IsCalendarDate, IsInstant, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';

/** `until` (or `expiresOn`) may not come before `from` (or `signedOn`). */
const NotBefore = (field: string) =>
  ValidateBy({
    name: `notBefore_${field}`,
    validator: {
      validate: (value, args) => {
        const other = (args?.object as Record<string, unknown>)[field];
        return typeof value !== 'string' || typeof other !== 'string' || value >= other;
      },
      defaultMessage: (args) => `${args?.property} must not be before ${field}`,
    },
  });

export class RecordAuthorizationRequestDto {
  @IsLedgerId() authorizationId: string;
  @ApiProperty({ type: RecipientDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient: RecipientDto;
  @IsText(2000) purpose: string;
  @IsText(2000) phiScope: string;
  @IsCalendarDate() signedOn: string;
  @IsOptional() @IsCalendarDate() @NotBefore('signedOn') expiresOn?: string | null;
}

export class RevokeAuthorizationRequestDto {
  @IsCalendarDate() revokedOn: string;
}

export class RecordHieConsentRequestDto {
  @IsLedgerId() consentId: string;
  @ApiProperty({ enum: ['opt-out', 'opt-in'] }) @IsIn(['opt-out', 'opt-in']) decision: 'opt-out' | 'opt-in';
  @IsInstant() effectiveAt: string;
}

export class RecordDeathRequestDto {
  @IsCalendarDate() diedOn: string;
}

export class RecordCustodyPeriodRequestDto {
  @IsLedgerId() custodyId: string;
  @IsCalendarDate() from: string;
  @IsOptional() @IsCalendarDate() @NotBefore('from') until?: string | null;
}

/** USPS codes of the States, the District of Columbia and the territories (164.406: "residents of a State or jurisdiction"). */
export const US_STATES = [
  ...['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA'],
  ...['ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK'],
  ...['OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'DC', 'PR', 'GU', 'VI'],
  ...['AS', 'MP'],
] as const;

export class RecordAddressStateRequestDto {
  @IsLedgerId() addressId: string;
  @ApiProperty({ example: 'NY', description: 'USPS code of the State (or DC, PR, GU, VI, AS, MP)' })
  @IsIn(US_STATES, { message: 'state must be a USPS State code such as NY' })
  state: (typeof US_STATES)[number];
  @IsCalendarDate() effectiveOn: string;
}

export const REPRESENTATIVE_KINDS = ['parent', 'guardian', 'executor', 'other'] as const;

export class RecordRepresentativeRequestDto {
  @IsLedgerId() representativeId: string;
  @IsLedgerId() personId: string;
  @ApiProperty({ enum: REPRESENTATIVE_KINDS }) @IsIn(REPRESENTATIVE_KINDS) kind: (typeof REPRESENTATIVE_KINDS)[number];
  @IsOptional() @IsCalendarDate() from?: string | null;
  @IsOptional() @IsCalendarDate() @NotBefore('from') until?: string | null;
  /** 164.502(g)(5): why the plan declines to treat this person as the representative */
  @IsOptionalText(2000) declinedBasis?: string | null;
}

/**
 * What the snooping rules know of a member (docs/snooping.md). `surname` and `address` are reduced to match keys
 * before anything is stored (events/match-key.ts); `workforceActorId` says the member is also one of the plan's
 * workforce, known to use records under that actor id.
 */
export class RecordPrivacyProfileRequestDto {
  @IsLedgerId() profileId: string;
  @IsOptionalText(300) surname?: string | null;
  @IsOptionalText(500) address?: string | null;
  @ApiProperty({ required: false, default: false }) @IsOptional() @IsBoolean() vip?: boolean;
  @ApiProperty({ required: false, nullable: true })
  @IsOptional()
  @IsLedgerId()
  workforceActorId?: string | null;
}
