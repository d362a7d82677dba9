import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ID_PATTERN } from '../../events/ids.js';
import { ReadQueryDto } from '../../http/common.dto.js';
import { IsCalendarDate, IsInstant } from '../../http/validators.js';
import { FORMATS, type ReportFormat } from '../reports/formats.js';
import { LANGUAGES } from '../reports/report-text.js';

const BOOLEAN = ['true', 'false'] as const;

/** GET /v1/members/{memberId}/accounting (api.md "Queries"). */
export class AccountingQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'default today; privacy-officer/auditor only' })
  @IsOptional()
  @IsCalendarDate()
  requestedOn?: string;
  @ApiPropertyOptional({ description: 'generation instant; privacy-officer/auditor only' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
  @ApiPropertyOptional({ description: 'ignore events recorded after this instant; privacy-officer/auditor only' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
  @ApiPropertyOptional({ description: '164.528(a)(3) shorter period' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ enum: BOOLEAN }) @IsOptional() @IsIn(BOOLEAN) summarize?: 'true' | 'false';
  @ApiPropertyOptional({ enum: FORMATS, description: 'wins over Accept' })
  @IsOptional()
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: ReportFormat;
  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'the language of the words around the entries; wins over Accept-Language',
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang must be one of ${LANGUAGES.join(', ')}` })
  lang?: string;
  @ApiPropertyOptional({ enum: BOOLEAN }) @IsOptional() @IsIn(BOOLEAN) includeTrace?: 'true' | 'false';
  @ApiPropertyOptional({ enum: BOOLEAN }) @IsOptional() @IsIn(BOOLEAN) includeReceipts?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'personId of a personal representative (164.502(g) scope)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  requester?: string;
}
