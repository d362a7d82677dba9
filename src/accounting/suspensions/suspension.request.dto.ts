import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, IsInstant, IsLedgerId, IsOptionalText, IsText } from '../../http/validators.js';
import { ID_PATTERN } from '../../events/ids.js';

/** POST /v1/suspensions (164.528(a)(2)). */
export class RecordSuspensionRequestDto {
  @IsLedgerId() suspensionId: string;
  /** the agency or official: matched against the disclosure recipient's id or name */
  @IsText(300) agency: string;
  @ApiProperty({ enum: ['written', 'oral'] }) @IsIn(['written', 'oral']) form: 'written' | 'oral';
  @IsInstant() statedAt: string;
  @ApiPropertyOptional({ description: 'last day of the suspension (plan date); required for a written statement' })
  @IsOptional()
  @IsCalendarDate()
  until?: string;
  /** (a)(2)(ii)(A): required for an oral statement */
  @IsOptionalText(300) officialIdentity?: string;
  @ApiPropertyOptional({ type: [String], description: 'the members it covers; absent = all members' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @Matches(ID_PATTERN, { each: true })
  memberIds?: string[];
}

export class WrittenStatementRequestDto {
  @IsInstant() receivedAt: string;
  @IsCalendarDate() until: string;
}
