/**
 * One page of a member's access report (access-report.ts): who may ask (the accounting's rule: the member, a
 * representative in force, the office), everything recorded and read before the question applied, each source read a
 * page at a time and merged. A member is not shown a disclosure whose accounting an agency has suspended
 * (164.528(a)(2): the access report must not reveal what the accounting may not), nor one voided as entered in error.
 */
import { Inject } from '@nestjs/common';
import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readsOfMember } from '../access-log/access-log.reader.js';
import { AccessLog } from '../access-log/access-log.service.js';
import { readAccountingInput } from '../accounting/projection/accounting.reader.js';
import { isOffice, isRefused } from '../accounting/query/accounting-access.js';
import { CallerAccessQuery } from '../accounting/query/caller-access.query.js';
import { MEDIA_TYPES } from '../accounting/reports/formats.js';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { problem, ProblemError, projectionLagging } from '../http/problem.js';
import { validationProblem } from '../http/validation.js';
import { htmlSecurityHeaders } from '../accounting/reports/html.js';
import type { RenderedReport } from '../accounting/reports/report-renderer.js';
import { disclosureDays } from '../rules/disclosure-days.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { addDays } from '../rules/calendar.js';
import { planDate, planDateStart } from '../rules/plan-dates.js';
import { isSuspended } from '../rules/suspensions.js';
import {
  boundFor,
  cursorText,
  disclosureEntry,
  isAfter,
  mergePage,
  parseCursor,
  readEntry,
  reportPeriod,
  useEntry,
} from './access-report.js';
import { accessReportCsv, accessReportHtml, type AccessReport } from './access-report-render.js';
import { GetAccessReportQuery } from './access-report.query.js';
import { usesOfMember } from './uses.reader.js';

const DEFAULT_LIMIT = 100;

const badRequest = (message: string, path: string) => validationProblem([{ path, message }]);

@QueryHandler(GetAccessReportQuery)
export class GetAccessReportHandler implements IQueryHandler<GetAccessReportQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ memberId, caller, params, format, text }: GetAccessReportQuery): Promise<RenderedReport> {
    const timeZone = this.config.LEDGER_TIMEZONE;
    const cursor = params.cursor === undefined ? null : parseCursor(params.cursor);
    if (params.cursor !== undefined && cursor === null)
      throw badRequest('cursor is not one this report gave; start again without it', 'cursor');
    const period = reportPeriod(planDate(new Date(), timeZone), params.from, params.to);
    if (period.from > period.to) throw badRequest(`from (${period.from}) is after to (${period.to})`, 'from');
    const access = await this.queries.execute(new CallerAccessQuery(memberId, caller));
    if (isRefused(access)) throw new ProblemError(problem(403, access.refused, 'Forbidden', access.detail));
    // every read model holds everything recorded before the question, except this instance's own latest access-log
    // batch: reads appear in the report once recorded (at most one batch interval, 100 ms, after their answer). To
    // wait for them too would append and apply a batch on every report read (~25 ms of its ~3 ms; docs/benchmarks.md).
    const head = await this.accessLog.readHead(await this.store.head());
    if (!(await this.projections.waitForAll(head, 5000)))
      throw projectionLagging(`the read models have not reached position ${head} within 5 s`);

    const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit);
    const audience = isOffice(caller) ? 'office' : this.config.LEDGER_POLICY_ACCESS_REPORT_ACTORS;
    const from = new Date(planDateStart(period.from, timeZone)).toISOString();
    const until = new Date(planDateStart(addDays(period.to, 1), timeZone)).toISOString();
    const now = new Date().toISOString();
    const [uses, reads, input] = await Promise.all([
      usesOfMember(this.db, { memberId, from, until, before: boundFor('use', cursor), limit: limit + 1 }),
      readsOfMember(this.db, { memberId, from, until, before: boundFor('read', cursor), limit: limit + 1 }),
      readAccountingInput(this.db, memberId, now),
    ]);
    const disclosures = input.disclosures
      .filter((d) => !d.voided)
      .filter((d) => audience === 'office' || !isSuspended(d, input.suspensions, now, timeZone))
      .filter((d) => {
        const { first } = disclosureDays(d, timeZone);
        return first >= period.from && first <= period.to;
      })
      .map(disclosureEntry)
      .filter((e) => isAfter(e, cursor));
    const page = mergePage(
      [disclosures, reads.map((r) => readEntry(r, audience)), uses.map((u) => useEntry(u, audience))],
      limit,
    );
    const report: AccessReport = {
      memberId,
      period,
      actorsShown: audience,
      entries: page.entries,
      nextCursor: page.next ? cursorText(page.next) : null,
    };
    return {
      format,
      mediaType: MEDIA_TYPES[format],
      body:
        format === 'html'
          ? accessReportHtml(report, text, timeZone, this.config.LEDGER_PLAN_NAME ?? text.yourPlan)
          : format === 'csv'
            ? accessReportCsv(report)
            : (report as unknown as Record<string, unknown>),
      headers: format === 'html' ? htmlSecurityHeaders : {},
      entries: report.entries.length,
    };
  }
}
