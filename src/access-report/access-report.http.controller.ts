import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessLog } from '../access-log/access-log.service.js';
import { readContext } from '../access-log/read-context.js';
import { chooseFormat, MEDIA_TYPES } from '../accounting/reports/formats.js';
import { sendReport } from '../accounting/reports/send-report.js';
import { chooseLanguage } from '../accounting/reports/report-text.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.guard.js';
import { LedgerIdPipe } from '../http/ledger-id.pipe.js';
import { AccessReportQueryDto } from './access-report.query.dto.js';
import { ACCESS_REPORT_FORMATS, GetAccessReportQuery } from './access-report.query.js';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('v1/members/:memberId/access-report')
export class AccessReportController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  /**
   * Every use and disclosure of the member's PHI and every read of the member's records through the ledger, in a
   * period (default three years), newest first, in pages (`nextCursor`): JSON, a web page or CSV.
   */
  @Get()
  @Roles('member', 'representative', 'privacy-officer', 'auditor')
  @ApiProduces(...ACCESS_REPORT_FORMATS.map((f) => MEDIA_TYPES[f]))
  async get(
    @Param('memberId', LedgerIdPipe) memberId: string,
    @Query() query: AccessReportQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = chooseFormat(query.format, request.headers.accept, ACCESS_REPORT_FORMATS);
    const text = chooseLanguage(query.lang, request.headers['accept-language']);
    const report = await this.queries.execute(
      new GetAccessReportQuery(memberId, request.principal!, query, format, text),
    );
    this.access.record(readContext(request, format), [{ memberId, resultCount: report.entries }]);
    return sendReport(reply, report, `access-report-${memberId}`);
  }
}
