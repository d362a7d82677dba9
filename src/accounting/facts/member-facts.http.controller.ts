import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '../../access-log/access-log.service.js';
import { readContext } from '../../access-log/read-context.js';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import { ReadQueryDto } from '../../http/common.dto.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { IsInstant } from '../../http/validators.js';
import { GetMemberFactsQuery } from './get-member-facts.query.js';

export class MemberFactsQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'the instant whose statuses are shown (default now)' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

@ApiTags('member facts')
@ApiBearerAuth()
@Controller('v1/members/:memberId/facts')
export class MemberFactsReadController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  /** Authorizations, HIE consent and its history, representatives, custody, death, address State (member-facts.view.ts). */
  @Get()
  @Roles('member', 'representative', 'privacy-officer', 'auditor')
  async get(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() q: MemberFactsQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const facts = await this.queries.execute(new GetMemberFactsQuery(memberId, request.principal!, q.asOf));
    this.access.record(readContext(request), [{ memberId, resultCount: 1 }]);
    return facts;
  }
}
