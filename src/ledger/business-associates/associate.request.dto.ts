import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsLedgerId, IsText } from '../../http/validators.js';

export class RegisterAssociateRequestDto {
  /** the id disclosures to this associate carry as `recipient.id` */
  @IsLedgerId() associateId: string;
  @IsText(300) name: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  @Matches(/\S/, { each: true, message: 'aliases must not be blank' })
  aliases?: string[];
  @IsText(2000) services: string;
}

export class RecordAgreementRequestDto {
  @IsLedgerId() agreementId: string;
  @IsCalendarDate() signedOn: string;
  @IsCalendarDate() effectiveFrom: string;
  @IsOptional() @IsCalendarDate() effectiveUntil?: string | null;
}

export class TerminateAgreementRequestDto {
  @IsCalendarDate() terminatedOn: string;
}
