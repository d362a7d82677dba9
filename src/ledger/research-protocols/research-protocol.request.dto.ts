import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmptyObject, Max, Min, ValidateNested } from 'class-validator';
import { IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';

export class ResearchPartyDto {
  @IsText(300) name: string;
  @IsText(500) address: string;
  @IsOptionalText(50) phone?: string | null;
}

/** 164.528(b)(4): what a research listing for a protocol of 50 or more people must say. */
export class RegisterResearchProtocolRequestDto {
  @IsLedgerId() protocolId: string;
  @IsText(300) name: string;
  @IsText(4000) description: string;
  @IsText(4000) selectionCriteria: string;
  @IsText(2000) phiTypes: string;
  @ApiProperty({ type: ResearchPartyDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ResearchPartyDto)
  sponsor: ResearchPartyDto;
  @ApiProperty({ type: ResearchPartyDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ResearchPartyDto)
  researcher: ResearchPartyDto;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000_000) cohortSize: number;
}
