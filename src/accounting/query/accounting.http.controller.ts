import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '../../access-log/access-log.service.js';
import { readContext } from '../../access-log/read-context.js';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, type AuthenticatedRequest } from '../../auth/auth.guard.js';
import { LedgerIdPipe } from '../../http/ledger-id.pipe.js';
import { chooseFormat, MEDIA_TYPES } from '../reports/formats.js';
import { sendReport } from '../reports/send-report.js';
import { chooseLanguage } from '../reports/report-text.js';
import { AccountingQueryDto } from './accounting.query.dto.js';
import { GetAccountingQuery } from './get-accounting.query.js';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('v1/members/:memberId/accounting')
export class AccountingController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  /**
   * The member's accounting of disclosures (164.528) in writing: JSON, a web page, PDF, CSV or a FHIR Bundle, chosen
   * by `format=` or else `Accept`; in English or Spanish by `lang=` or else `Accept-Language`.
   */
  @Get()
  @Roles('member', 'representative', 'privacy-officer', 'auditor')
  @ApiProduces(...Object.values(MEDIA_TYPES))
  async get(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() query: AccountingQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = chooseFormat(query.format, request.headers.accept);
    const text = chooseLanguage(query.lang, request.headers['accept-language']);
    const report = await this.queries.execute(
      new GetAccountingQuery(memberId, request.principal!, query, format, text),
    );
    this.access.record(readContext(request, format), [{ memberId, resultCount: report.entries }]);
    return sendReport(reply, report, `accounting-${memberId}`);
  }
}
