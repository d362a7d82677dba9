import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmptyObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsInstant, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';

export class ActorDto {
  @IsLedgerId() id: string;
  @IsText(300) name: string;
  @IsText(100) role: string;
}

export const USE_ACTIONS = ['view', 'print', 'modify', 'export', 'query'] as const;

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
}
