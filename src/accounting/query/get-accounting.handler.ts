/**
 * The member's accounting for a caller: what the caller may ask (role scoping), whose accounting it is
 * (member, representative, office), everything recorded before the request applied, then the accounting with the
 * trace (office only) and integrity receipts when asked.
 */
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { problem, ProblemError } from '../../http/problem.js';
import { validationProblem } from '../../http/validation.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../rules/plan-dates.js';
import { representativesOf } from '../projection/accounting.reader.js';
import { accountingAccess, isOffice, isRefused } from './accounting-access.js';
import { AccountingGenerator } from './accounting-generator.js';
import { GetAccountingQuery } from './get-accounting.query.js';
import { ReceiptsService } from './receipts.service.js';
import type { Accounting } from '../engine/engine-types.js';
import { ReportRenderer, type RenderedReport } from '../reports/report-renderer.js';

const forbidden = (detail: string) => new ProblemError(problem(403, 'FORBIDDEN', 'Forbidden', detail));

/** Parameters only the privacy office and auditors may set (api.md "Queries"). */
const OFFICE_ONLY = ['requestedOn', 'asOf', 'knownAt', 'includeTrace'] as const;

@QueryHandler(GetAccountingQuery)
export class GetAccountingHandler implements IQueryHandler<GetAccountingQuery> {
  constructor(
    private readonly accounting: AccountingGenerator,
    private readonly receipts: ReceiptsService,
    private readonly reports: ReportRenderer,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {}

  async execute({ memberId, caller, params: q, format, text }: GetAccountingQuery): Promise<RenderedReport> {
    if (!isOffice(caller)) {
      const asked = OFFICE_ONLY.filter((k) => q[k] !== undefined);
      if (asked.length > 0) throw forbidden(`${asked.join(', ')} may only be set by a privacy officer or auditor`);
    }
    if (q.regime === 'part2' && !this.accounting.policy.part2Program)
      throw validationProblem([
        { path: 'regime', message: 'is offered by a 42 CFR Part 2 program only (LEDGER_POLICY_PART2_PROGRAM)' },
      ]);
    await this.accounting.waitForEverythingRecorded(); // minPosition: app/read-your-writes.guard.ts
    const today = planDate(new Date(), this.accounting.policy.timeZone);
    const representatives = await representativesOf(this.db, memberId);
    const access = accountingAccess(caller, memberId, representatives, q.requester ?? null, today);
    if (isRefused(access)) throw new ProblemError(problem(403, access.refused, 'Forbidden', access.detail));
    const { accounting, rows } = await this.accounting.generate(memberId, {
      requestedOn: q.requestedOn,
      asOf: q.asOf,
      knownAt: q.knownAt,
      from: q.from,
      to: q.to,
      summarize: q.summarize === undefined ? undefined : q.summarize === 'true',
      requester: access.requester,
      regime: q.regime,
    });
    const rendered = await this.reports.render(format, accounting, rows, { text, trace: q.includeTrace === 'true' });
    if (format === 'json' && q.includeReceipts === 'true')
      return { ...rendered, body: await this.receipts.attach(rendered.body as unknown as Omit<Accounting, 'trace'>) };
    return rendered;
  }
}
