import { Inject } from '@nestjs/common';
import { QueryHandler, QueryBus, type IQueryHandler } from '@nestjs/cqrs';
import { problem, ProblemError } from '../../http/problem.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../rules/plan-dates.js';
import { factsOf } from '../projection/accounting.reader.js';
import { isOffice, isRefused } from '../query/accounting-access.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { CallerAccessQuery } from '../query/caller-access.query.js';
import { GetMemberFactsQuery } from './get-member-facts.query.js';
import { memberFactsView, type MemberFactsView } from './member-facts.view.js';

/**
 * Who may read a member's facts is who may read their accounting (accounting-access.ts): the member, a representative
 * in force, the privacy office and auditors; a declined representative is refused (REPRESENTATIVE_DECLINED).
 */
@QueryHandler(GetMemberFactsQuery)
export class GetMemberFactsHandler implements IQueryHandler<GetMemberFactsQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly queries: QueryBus,
    private readonly accounting: AccountingGenerator,
  ) {}

  async execute({ memberId, caller, asOf }: GetMemberFactsQuery): Promise<MemberFactsView> {
    const access = await this.queries.execute(new CallerAccessQuery(memberId, caller)); // waits for everything recorded
    if (isRefused(access)) throw new ProblemError(problem(403, access.refused, 'Forbidden', access.detail));
    const at = asOf ?? new Date().toISOString();
    const onDate = planDate(at, this.accounting.policy.timeZone);
    return memberFactsView(memberId, await factsOf(this.db, memberId), { asOf: at, onDate }, isOffice(caller));
  }
}
