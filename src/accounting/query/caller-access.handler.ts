import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../rules/plan-dates.js';
import { representativesOf } from '../projection/accounting.reader.js';
import { accountingAccess, type AccountingAccess } from './accounting-access.js';
import { AccountingGenerator } from './accounting-generator.js';
import { CallerAccessQuery } from './caller-access.query.js';

/** Read once everything recorded before the question is in the read model: a representative recorded a moment ago counts. */
@QueryHandler(CallerAccessQuery)
export class CallerAccessHandler implements IQueryHandler<CallerAccessQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly accounting: AccountingGenerator,
  ) {}

  async execute({ memberId, caller }: CallerAccessQuery): Promise<AccountingAccess> {
    await this.accounting.waitForEverythingRecorded();
    const today = planDate(new Date(), this.accounting.policy.timeZone);
    return accountingAccess(caller, memberId, await representativesOf(this.db, memberId), null, today);
  }
}
