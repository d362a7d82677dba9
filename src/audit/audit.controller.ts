import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '../access-log/access-log.service.js';
import { readContext, readsOf } from '../access-log/read-context.js';
import { SearchAccessLogQuery } from '../access-log/access-log.query.js';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { ListAssociatesQuery } from '../accounting/associates/associates.query.js';
import { HHS_LOG_COLUMNS } from '../accounting/incidents/incident-view.js';
import { GetIncidentQuery, HhsBreachLogQuery, ListIncidentsQuery } from '../accounting/incidents/incident.queries.js';
import { LedgerIdPipe } from '../http/ledger-id.pipe.js';
import { RequestSearchQueryDto } from '../accounting/requests/request.request.dto.js';
import { SearchAccountingRequestsQuery } from '../accounting/requests/search-requests.query.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.guard.js';
import {
  AccessLogSearchDto,
  AssociateSearchDto,
  BreachSearchDto,
  DisclosureSearchDto,
  HhsLogDto,
  IncidentPageDto,
  IncidentSearchDto,
  TotalsDto,
} from './audit.query.dto.js';
import { TotalsQuery } from './totals.query.js';
import { totalsSvg } from './totals-chart.js';
import type { TotalsKey } from '../accounting/projection/totals.js';
import { ListBreachAssessmentsQuery } from './breach-assessments.query.js';
import { disclosureFilters, exportFormatOf, totalsFilters } from './disclosure-filters.js';
import { exportDisclosures } from './disclosure-export.js';
import { SearchDisclosuresQuery } from './search-disclosures.query.js';

/** Auditors' queries over the read models (api.md "Auditor"). */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'privacy-officer')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  /**
   * Every recorded disclosure, every filter combinable, newest (or oldest) first, keyset (cursor) pages; as CSV or
   * NDJSON (`format=`, or `Accept: text/csv | application/x-ndjson`) the whole result, streamed.
   */
  @Get('disclosures')
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  async disclosures(
    @Query() q: DisclosureSearchDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const filters = disclosureFilters(q);
    const format = q.format ?? exportFormatOf(request.headers.accept);
    const page = (f: typeof filters) => this.queries.execute(new SearchDisclosuresQuery(f));
    if (format === 'json') {
      const found = await page(filters);
      this.access.record(readContext(request), readsOf(found.disclosures));
      return found;
    }
    const context = readContext(request, format);
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="disclosures.${format}"`);
    return exportDisclosures(format, filters, page, (rows) => this.access.recordPaced(context, readsOf(rows)));
  }

  /**
   * Disclosures counted by up to two keys (`groupBy=channel,month`), over any filter of the search: from the totals
   * cube the accounting projection keeps when the filters are ones it is kept by, else over the matching disclosures.
   */
  @Get('totals')
  @ApiProduces('application/json', 'image/svg+xml')
  async totals(@Query() q: TotalsDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const groupBy = (q.groupBy ? q.groupBy.split(',') : []) as TotalsKey[];
    const totals = await this.queries.execute(new TotalsQuery(groupBy, totalsFilters(q)));
    if (q.format !== 'svg') return totals;
    void reply
      .header('content-type', 'image/svg+xml; charset=utf-8')
      .header('content-security-policy', "default-src 'none'");
    return totalsSvg(`Disclosures by ${groupBy.join(' and ') || 'nothing'}: ${totals.total}`, totals.groups);
  }

  /** Impermissible disclosures awaiting a breach assessment (164.402). */
  @Get('breach-assessments')
  async breaches(@Query() _q: BreachSearchDto, @Req() request: AuthenticatedRequest) {
    const queue = await this.queries.execute(new ListBreachAssessmentsQuery());
    this.access.record(readContext(request), readsOf(queue.assessments));
    return queue;
  }

  /** Breach incidents with every deadline computed and `overdue` flagged (164.404–408). */
  @Get('incidents')
  incidents(@Query() q: IncidentSearchDto) {
    const dueWithin = q['due-within'] === undefined ? undefined : Number(q['due-within']);
    return this.queries.execute(new ListIncidentsQuery({ status: q.status, dueWithin, asOf: q.asOf }));
  }

  /** One incident: its assessment, notices and deadlines, affected members per State, its disclosures paged. */
  @Get('incidents/:incidentId')
  async incident(
    @Param('incidentId', LedgerIdPipe) id: string,
    @Query() q: IncidentPageDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const view = await this.queries.execute(
      new GetIncidentQuery(id, { cursor: q.cursor, limit: Number(q.limit ?? 100) }, q.asOf),
    );
    this.access.record(readContext(request), readsOf(view.page.disclosures));
    return view;
  }

  /** 164.408(c): the annual log of breaches affecting fewer than 500, for a calendar year of discovery (JSON or CSV). */
  @Get('hhs-breach-log')
  @ApiProduces('application/json', 'text/csv')
  async hhsLog(@Query() q: HhsLogDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const log = await this.queries.execute(new HhsBreachLogQuery(Number(q.year)));
    if (q.format !== 'csv') return log;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="hhs-breach-log-${log.year}.csv"`);
    // RFC 4180: a header row, CRLF line ends, fields quoted when they need it
    return stringify(log.breaches, { header: true, columns: [...HHS_LOG_COLUMNS], record_delimiter: 'windows' });
  }

  /** The business-associate register: agreements about to lapse, and disclosures made outside one (164.502(e)). */
  @Get('business-associates')
  async associates(@Query() q: AssociateSearchDto, @Req() request: AuthenticatedRequest) {
    const register = await this.queries.execute(new ListAssociatesQuery(Number(q['lapsing-within'] ?? 30), q.asOf));
    this.access.record(
      readContext(request),
      readsOf(register.associates.flatMap((a) => a.outsideAgreement.disclosures)),
    );
    return register;
  }

  /** Accounting requests with their status at asOf (e.g. status=overdue). */
  @Get('accounting-requests')
  async accountingRequests(@Query() q: RequestSearchQueryDto, @Req() request: AuthenticatedRequest) {
    const found = await this.queries.execute(new SearchAccountingRequestsQuery(q));
    this.access.record(readContext(request), readsOf(found.requests));
    return found;
  }

  /**
   * Who read which member's records (164.312(b)): every read through the ledger, newest first, keyset pages.
   * Reading the access log is not itself logged (it holds who read, not the records).
   */
  @Get('access-log')
  accessLog(@Query() q: AccessLogSearchDto) {
    return this.queries.execute(
      new SearchAccessLogQuery({
        memberId: q.memberId,
        subject: q.subject,
        from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
        to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
        before:
          q.cursor === undefined
            ? undefined
            : {
                position: Number(q.cursor.split(/[./]/)[0]),
                seq: Number(q.cursor.split(/[./]/)[1]),
                memberId: q.cursor.slice(q.cursor.indexOf('/') + 1),
              },
        limit: Number(q.limit ?? 100),
      }),
    );
  }
}
