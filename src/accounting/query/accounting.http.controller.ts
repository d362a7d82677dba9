import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import { problem, ProblemError } from '../../http/problem.js';
import { LedgerIdPipe } from '../../ledger/shared/ledger-id.pipe.js';
import { AccountingQueryService } from './accounting-query.service.js';
import { AccountingQueryDto } from './accounting.query.dto.js';
import { ReceiptsService } from './receipts.service.js';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('v1/members/:memberId/accounting')
export class AccountingController {
  constructor(
    private readonly accounting: AccountingQueryService,
    private readonly receipts: ReceiptsService,
  ) {}

  /** The member's accounting of disclosures (164.528), as JSON. */
  @Get()
  @Roles('member', 'representative', 'privacy-officer', 'auditor')
  async get(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() query: AccountingQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    if (query.format && query.format !== 'json') {
      throw new ProblemError(
        problem(
          406,
          'FORMAT_NOT_AVAILABLE',
          'Format not available',
          `format=${query.format} is not available yet; use json`,
        ),
      );
    }
    await this.accounting.waitFor(query.minPosition === undefined ? undefined : BigInt(query.minPosition));
    const accounting = await this.accounting.forCaller(memberId, request.principal!, query);
    const body = query.includeTrace === 'true' ? accounting : (({ trace: _trace, ...rest }) => rest)(accounting);
    return query.includeReceipts === 'true' ? this.receipts.attach(body) : body;
  }
}
