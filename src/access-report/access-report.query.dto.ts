import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { LANGUAGES } from '../accounting/reports/report-text.js';
import { ReadQueryDto } from '../http/common.dto.js';
import { IsCalendarDate } from '../http/validators.js';
import { ACCESS_REPORT_FORMATS, type AccessReportFormat } from './access-report.query.js';

/** GET /v1/members/{memberId}/access-report (api.md "Queries"). */
export class AccessReportQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'first plan date (default: three years before today, the day after)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ description: 'last plan date (default today)' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @MaxLength(200)
  cursor?: string;
  @ApiPropertyOptional({ description: 'entries per page, 1 to 1000 (default 100)' })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;
  @ApiPropertyOptional({ enum: ACCESS_REPORT_FORMATS, description: 'wins over Accept' })
  @IsOptional()
  @IsIn(ACCESS_REPORT_FORMATS, { message: `format must be one of ${ACCESS_REPORT_FORMATS.join(', ')}` })
  format?: AccessReportFormat;
  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang must be one of ${LANGUAGES.join(', ')}` })
  lang?: string;
}
