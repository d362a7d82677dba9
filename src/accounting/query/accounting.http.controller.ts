import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { AccountingQueryDto } from './accounting.query.dto.js';
import { GetAccountingQuery } from './get-accounting.query.js';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('v1/members/:memberId/accounting')
export class AccountingController {
  constructor(private readonly queries: QueryBus) {}

  /** The member's accounting of disclosures (164.528), as JSON. */
  @Get()
  @Roles('member', 'representative', 'privacy-officer', 'auditor')
  get(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() query: AccountingQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    return this.queries.execute(new GetAccountingQuery(memberId, request.principal!, query));
  }
}
