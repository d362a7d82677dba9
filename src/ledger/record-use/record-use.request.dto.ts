import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { USE_ACTIONS, USE_CONTEXT_KINDS } from '../../events/use.events.js';
import { MAX_USE_BATCH } from '../../http/limits.js';
import { IsInstant, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';

export class ActorDto {
  @IsLedgerId() id: string;
  @IsText(300) name: string;
  @IsText(100) role: string;
}

export class UseContextDto {
  @ApiProperty({ enum: USE_CONTEXT_KINDS }) @IsIn(USE_CONTEXT_KINDS) kind: (typeof USE_CONTEXT_KINDS)[number];
  @IsLedgerId() id: string;
}

/** POST /v1/uses: an internal use of a member's PHI by workforce or systems (the access report's rows). */
export class RecordUseRequestDto {
  @IsLedgerId() useId: string;
  @IsLedgerId() memberId: string;
  @IsInstant() occurredAt: string;
  @ApiProperty({ type: ActorDto }) @IsNotEmptyObject() @ValidateNested() @Type(() => ActorDto) actor: ActorDto;
  @ApiProperty({ enum: USE_ACTIONS }) @IsIn(USE_ACTIONS) action: (typeof USE_ACTIONS)[number];
  @IsText(2000) phiDescription: string;
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Z][A-Z0-9_-]*$/, { message: 'purposeOfUse must be an HL7 v3 PurposeOfUse code such as TREAT' })
  purposeOfUse?: string | null;
  @IsOptionalText(128) sourceSystem?: string | null;
  /** the claim, case or ticket the use served (the snooping rule NO_CONTEXT fires without one) */
  @ApiProperty({ type: UseContextDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => UseContextDto)
  context?: UseContextDto | null;
}

/** POST /v1/use-batches: up to 10,000 uses (systems report reads in bulk), each validated on its own. */
export class UseBatchRequestDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: MAX_USE_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_USE_BATCH)
  items: unknown[];
}
