import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
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

export class BreachSearchDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: ['open'] }) @IsOptional() @IsIn(['open']) status?: 'open';
}
