import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { AccessLog } from '../access-log/access-log.service.js';
import { readContext, readsOf } from '../access-log/read-context.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.guard.js';
import { ID_PATTERN } from '../events/ids.js';
import { ReadQueryDto } from '../http/common.dto.js';
import { IsCalendarDate } from '../http/validators.js';
import { SNOOPING_RULES, type SnoopingRule } from './snooping.js';
import { SearchUseAnomaliesQuery } from './use-anomalies.query.js';

const RULES = Object.keys(SNOOPING_RULES) as SnoopingRule[];

export class UseAnomaliesDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: RULES })
  @IsOptional()
  @IsIn(RULES, { message: `rule must be one of ${RULES.join(', ')}` })
  rule?: SnoopingRule;
  @ApiPropertyOptional({ description: 'the workforce member or system that used the records' })
  @IsOptional()
  @Matches(ID_PATTERN)
  actorId?: string;
  @IsOptional() @Matches(ID_PATTERN) memberId?: string;
  @ApiPropertyOptional({ description: 'first plan date' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ description: 'last plan date' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;
  @ApiPropertyOptional({ description: '1 to 500, default 100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'privacy-officer')
@Controller('v1/audit/use-anomalies')
export class UseAnomaliesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  /** Snooping signals (docs/snooping.md): each finding with its rule in words and the uses behind it. */
  @Get()
  async search(@Query() q: UseAnomaliesDto, @Req() request: AuthenticatedRequest) {
    const found = await this.queries.execute(
      new SearchUseAnomaliesQuery({
        rule: q.rule,
        actorId: q.actorId,
        memberId: q.memberId,
        from: q.from,
        to: q.to,
        before: q.cursor === undefined ? undefined : Number(q.cursor),
        limit: Number(q.limit ?? 100),
      }),
    );
    this.access.record(readContext(request), readsOf(found.findings.flatMap((f) => f.uses)));
    return found;
  }
}
