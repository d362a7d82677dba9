import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ID_PATTERN } from '../../events/ids.js';
import type { AccountingRegime } from '../engine/engine-types.js';
import { ReadQueryDto } from '../../http/common.dto.js';
import { IsCalendarDate, IsInstant } from '../../http/validators.js';
import { FORMATS, type ReportFormat } from '../reports/formats.js';
import { LANGUAGES } from '../reports/report-text.js';

const BOOLEAN = ['true', 'false'] as const;
const REGIMES: AccountingRegime[] = ['hipaa', 'part2'];

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
  @ApiPropertyOptional({
    enum: REGIMES,
    description: 'hipaa (default): 164.528; part2: the 42 CFR 2.25 accounting (a Part 2 program only)',
  })
  @IsOptional()
  @IsIn(REGIMES, { message: `regime must be one of ${REGIMES.join(', ')}` })
  regime?: AccountingRegime;
  @ApiPropertyOptional({ description: 'personId of a personal representative (164.502(g) scope)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  requester?: string;
}
