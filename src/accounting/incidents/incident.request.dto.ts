import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  IsNotEmptyObject,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, ID_RULE } from '../../events/ids.js';
import { CHANNELS } from '../../events/member.events.js';
import { IsCalendarDate, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';
import { BREACH_EXCEPTIONS } from '../../rules/breach-notification.js';

/** How many disclosures one command may group (a larger incident takes several). */
export const MAX_GROUPED = 10_000;

const DisclosureIds = () => (target: object, key: string) => {
  ApiProperty({ type: [String], maxItems: MAX_GROUPED })(target, key);
  IsArray()(target, key);
  ArrayMaxSize(MAX_GROUPED)(target, key);
  Matches(ID_PATTERN, { each: true, message: `each disclosure id ${ID_RULE}` })(target, key);
};

export class OpenIncidentRequestDto {
  @IsLedgerId() incidentId: string;
  @IsText(300) title: string;
  /** 164.404(a)(2) */
  @IsCalendarDate() discoveredOn: string;
  @IsOptional() @DisclosureIds() disclosureIds?: string[];
}

/** Flagged disclosures an incident takes in by what they share (every field given must match). */
export class FlaggedFilterDto {
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: (typeof CHANNELS)[number];
  @IsOptionalText(300) recipientName?: string;
  @IsOptional() @IsCalendarDate() from?: string;
  @IsOptional() @IsCalendarDate() to?: string;
}

/** Exactly one of `disclosureIds` (≤ 10,000) and `filter` (any number, taken in by pages of 10,000). */
export class GroupDisclosuresRequestDto {
  @ValidateIf((o: GroupDisclosuresRequestDto) => o.filter === undefined)
  @DisclosureIds()
  @ArrayMinSize(1)
  disclosureIds?: string[];

  @ApiPropertyOptional({ type: FlaggedFilterDto })
  @ValidateIf((o: GroupDisclosuresRequestDto) => o.disclosureIds === undefined || o.filter !== undefined)
  @ValidateBy({
    name: 'idsOrFilter',
    validator: {
      validate: (_, args) => (args?.object as GroupDisclosuresRequestDto).disclosureIds === undefined,
      defaultMessage: () => 'give either disclosureIds or filter, not both',
    },
  })
  @IsNotEmptyObject(
    { nullable: false },
    { message: 'filter must name at least one of channel, recipientName, from, to' },
  )
  @ValidateNested()
  @Type(() => FlaggedFilterDto)
  filter?: FlaggedFilterDto;
}

export class ReviseDiscoveryRequestDto {
  @IsCalendarDate() discoveredOn: string;
  @IsText(2000) reason: string;
}

export class RiskAssessmentRequestDto {
  @IsText(4000) natureAndExtent: string;
  @IsText(4000) unauthorizedRecipient: string;
  @IsText(4000) acquiredOrViewed: string;
  @IsText(4000) mitigation: string;
  @ApiProperty({ description: '164.402(2): a low probability that the PHI has been compromised' })
  @IsBoolean()
  lowProbability: boolean;
  @IsCalendarDate() assessedOn: string;
}

export class BreachExceptionRequestDto {
  @ApiProperty({ enum: Object.keys(BREACH_EXCEPTIONS) })
  @IsIn(Object.keys(BREACH_EXCEPTIONS), {
    message: `exception must be one of ${Object.keys(BREACH_EXCEPTIONS).join(', ')}`,
  })
  exception: keyof typeof BREACH_EXCEPTIONS;
  @IsText(4000) rationale: string;
}

export class WrittenConfirmationDto {
  @IsCalendarDate() receivedOn: string;
  @IsCalendarDate() until: string;
}

export class LawEnforcementDelayRequestDto {
  @ApiProperty({ enum: ['written', 'oral'] }) @IsIn(['written', 'oral']) form: 'written' | 'oral';
  @IsCalendarDate() statedOn: string;
  @IsOptional() @IsCalendarDate() until?: string | null;
  /** 164.412(b): the official making an oral statement is documented */
  @IsText(300) official: string;
  @ApiPropertyOptional({ type: WrittenConfirmationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WrittenConfirmationDto)
  confirmedInWriting?: WrittenConfirmationDto | null;
}

export class ConclusionRequestDto {
  @ApiProperty({ enum: ['breach', 'not-a-breach'] })
  @IsIn(['breach', 'not-a-breach'])
  conclusion: 'breach' | 'not-a-breach';
  @IsCalendarDate() concludedOn: string;
}

export class NoticeRequestDto {
  @ApiProperty({ enum: ['individual', 'media', 'hhs'] })
  @IsIn(['individual', 'media', 'hhs'])
  kind: 'individual' | 'media' | 'hhs';
  @IsCalendarDate() sentOn: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) count?: number | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'states are USPS codes' })
  states?: string[] | null;
}
