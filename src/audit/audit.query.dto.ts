import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsInstant } from '../http/validators.js';
import { ID_PATTERN } from '../events/ids.js';
import { CHANNELS } from '../events/member.events.js';
import { ReadQueryDto } from '../http/common.dto.js';
import { IsCalendarDate } from '../http/validators.js';

export class DisclosureSearchDto extends ReadQueryDto {
  @IsOptional() @Matches(ID_PATTERN) memberId?: string;
  @ApiPropertyOptional({ description: 'recipient name contains (case-insensitive)' })
  @IsOptional()
  @MaxLength(300)
  recipient?: string;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: string;
  @ApiPropertyOptional({ description: 'CFR citation or a prefix paragraph, e.g. 164.512(f)' })
  @IsOptional()
  @MaxLength(64)
  cfr?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) permitted?: 'true' | 'false';
  @IsOptional() @IsCalendarDate() from?: string;
  @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  cursor?: string;
  @ApiPropertyOptional({ description: '1 to 500, default 100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/)
  limit?: string;
}

export class AccessLogSearchDto extends ReadQueryDto {
  @IsOptional() @Matches(ID_PATTERN) memberId?: string;
  @ApiPropertyOptional({ description: 'the reader: a token subject or a client id' })
  @IsOptional()
  @Matches(ID_PATTERN)
  subject?: string;
  @ApiPropertyOptional({ description: 'reads at or after this instant' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'reads at or before this instant' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  cursor?: string;
  @ApiPropertyOptional({ description: '1 to 500, default 100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/)
  limit?: string;
}

export class BreachSearchDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: ['open'] }) @IsOptional() @IsIn(['open']) status?: 'open';
}

export class IncidentSearchDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'concluded', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'concluded', 'closed'])
  status?: 'open' | 'concluded' | 'closed';
  @ApiPropertyOptional({
    name: 'due-within',
    description: 'days: incidents with a notice due within them (or overdue)',
  })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'due-within must be a number of days' })
  'due-within'?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() asOf?: string;
}

export class IncidentPageDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @Matches(ID_PATTERN)
  cursor?: string;
  @ApiPropertyOptional({ description: '1 to 500, default 100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/)
  limit?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() asOf?: string;
}

export class HhsLogDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'the calendar year of discovery' })
  @Matches(/^(19|20)\d\d$/, { message: 'year must be a calendar year such as 2025' })
  year: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class AssociateSearchDto extends ReadQueryDto {
  @ApiPropertyOptional({ name: 'lapsing-within', description: 'days (default 30): agreements ending within them' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'lapsing-within must be a number of days' })
  'lapsing-within'?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() asOf?: string;
}
