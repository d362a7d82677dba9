import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsOptional, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsInstant } from '../http/validators.js';
import { ID_PATTERN } from '../events/ids.js';
import { CHANNELS } from '../events/member.events.js';
import { ReadQueryDto } from '../http/common.dto.js';
import { TOTALS_KEYS } from '../accounting/projection/totals.js';
import { IsCalendarDate } from '../http/validators.js';

const BOOLEAN = ['true', 'false'] as const;

/** The filters the search and the totals share (api.md "Auditor"). */
export class DisclosureFiltersDto extends ReadQueryDto {
  @IsOptional() @Matches(ID_PATTERN) memberId?: string;
  @ApiPropertyOptional({
    description:
      "the recipient's name starts with it (case-insensitive), or its id is it, or a registered business associate's name or alias starts with it",
  })
  @IsOptional()
  @MaxLength(300)
  recipient?: string;
  @ApiPropertyOptional({ enum: BOOLEAN }) @IsOptional() @IsIn(BOOLEAN) accountable?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'a flag recorded on the disclosure, e.g. BREACH_ASSESSMENT_REQUIRED' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'flag must be a flag code such as BREACH_ASSESSMENT_REQUIRED' })
  flag?: string;
  @IsOptional() @MaxLength(200) madeBy?: string;
  @IsOptional() @MaxLength(128) sourceSystem?: string;
  @ApiPropertyOptional({ description: 'who recorded it: a token subject or a client id' })
  @IsOptional()
  @MaxLength(256)
  recordedBy?: string;
  @IsOptional() @Matches(ID_PATTERN) incidentId?: string;
  @ApiPropertyOptional({ description: 'recorded at or after this instant' })
  @IsOptional()
  @IsInstant()
  recordedFrom?: string;
  @ApiPropertyOptional({ description: 'recorded at or before this instant' })
  @IsOptional()
  @IsInstant()
  recordedTo?: string;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: string;
  @ApiPropertyOptional({ description: 'CFR citation or a prefix paragraph, e.g. 164.512(f)' })
  @IsOptional()
  @MaxLength(64)
  cfr?: string;
  @ApiPropertyOptional({ enum: BOOLEAN }) @IsOptional() @IsIn(BOOLEAN) permitted?: 'true' | 'false';
}

export class DisclosureSearchDto extends DisclosureFiltersDto {
  @ApiPropertyOptional({ description: 'only what was recorded by this instant, each disclosure as it stood then' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
  @ApiPropertyOptional({ enum: ['newest', 'oldest'], description: 'default newest' })
  @IsOptional()
  @IsIn(['newest', 'oldest'])
  order?: 'newest' | 'oldest';
  @ApiPropertyOptional({ enum: ['json', 'csv', 'ndjson'], description: 'csv and ndjson stream every page (no cursor)' })
  @IsOptional()
  @IsIn(['json', 'csv', 'ndjson'])
  format?: 'json' | 'csv' | 'ndjson';
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
  // cursor: `<position>/<memberId>` of the last row of the previous page
  @IsOptional() @Matches(ID_PATTERN) memberId?: string;
  @ApiPropertyOptional({ description: 'the reader: a token subject or a client id' })
  @IsOptional()
  @Matches(ID_PATTERN)
  subject?: string;
  @ApiPropertyOptional({ description: 'reads at or after this instant' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'reads at or before this instant' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}\.\d{1,6}\/[A-Za-z0-9._:-]{1,128}$/, {
    message: 'cursor must be the nextCursor of the previous page',
  })
  cursor?: string;
  @ApiPropertyOptional({ description: '1 to 500, default 100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/)
  limit?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month YYYY-MM, or else a real calendar date YYYY-MM-DD (2025-02-30 is neither). */
const IsMonthOrDay = (name: 'from' | 'to') =>
  applyDecorators(
    IsOptional(),
    ValidateIf((o: Record<string, unknown>) => !MONTH.test(String(o[name]))),
    IsCalendarDate(),
  );
const GROUP_BY = new RegExp(`^(${TOTALS_KEYS.join('|')})(,(${TOTALS_KEYS.join('|')}))?$`);

/**
 * GET /v1/audit/totals: every filter of the search (but `knownAt`); months or days for the period. Filters the cube is
 * kept by (channel, recipient, cfr, permitted, sourceSystem, months) are answered from it; any other, or days, from
 * the matching disclosures (`source` in the answer says which).
 */
export class TotalsDto extends DisclosureFiltersDto {
  @ApiPropertyOptional({ description: `one or two of ${TOTALS_KEYS.join(', ')}, comma-separated` })
  @IsOptional()
  @Matches(GROUP_BY, { message: `groupBy must be one or two of ${TOTALS_KEYS.join(', ')}, comma-separated` })
  groupBy?: string;
  @ApiPropertyOptional({ description: 'first month (YYYY-MM) or day (YYYY-MM-DD) of the disclosures counted' })
  @IsMonthOrDay('from')
  from?: string;
  @ApiPropertyOptional({ description: 'last month (YYYY-MM) or day (YYYY-MM-DD)' })
  @IsMonthOrDay('to')
  to?: string;
  @ApiPropertyOptional({ enum: ['json', 'svg'], description: 'svg: a bar chart of the groups' })
  @IsOptional()
  @IsIn(['json', 'svg'])
  format?: 'json' | 'svg';
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
