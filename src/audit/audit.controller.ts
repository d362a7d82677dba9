import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequestSearchQueryDto } from '../accounting/requests/request.request.dto.js';
import { SearchAccountingRequestsQuery } from '../accounting/requests/search-requests.query.js';
import { Roles } from '../auth/auth.guard.js';
import { BreachSearchDto, DisclosureSearchDto } from './audit.query.dto.js';
import { ListBreachAssessmentsQuery } from './breach-assessments.query.js';
import { SearchDisclosuresQuery } from './search-disclosures.query.js';

/** Auditors' queries over the read models (api.md "Auditor"). */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'privacy-officer')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  /** Every recorded disclosure, filtered, newest first, with keyset (cursor) pagination. */
  @Get('disclosures')
  disclosures(@Query() q: DisclosureSearchDto) {
    return this.queries.execute(
      new SearchDisclosuresQuery({
        memberId: q.memberId,
        recipient: q.recipient,
        channel: q.channel,
        cfr: q.cfr,
        permitted: q.permitted === undefined ? undefined : q.permitted === 'true',
        from: q.from,
        to: q.to,
        before: q.cursor === undefined ? undefined : Number(q.cursor),
        limit: Number(q.limit ?? 100),
      }),
    );
  }

  /** Impermissible disclosures awaiting a breach assessment (164.402). */
  @Get('breach-assessments')
  breaches(@Query() _q: BreachSearchDto) {
    return this.queries.execute(new ListBreachAssessmentsQuery());
  }

  /** Accounting requests with their status at asOf (e.g. status=overdue). */
  @Get('accounting-requests')
  accountingRequests(@Query() q: RequestSearchQueryDto) {
    return this.queries.execute(new SearchAccountingRequestsQuery(q));
  }
}
