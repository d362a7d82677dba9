import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { representativesOf } from '../projection/accounting.reader.js';
import { accountingAccess, type AccountingAccess } from './accounting-access.js';
import { CallerAccessQuery } from './caller-access.query.js';

@QueryHandler(CallerAccessQuery)
export class CallerAccessHandler implements IQueryHandler<CallerAccessQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute({ memberId, caller }: CallerAccessQuery): Promise<AccountingAccess> {
    return accountingAccess(caller, memberId, await representativesOf(this.db, memberId), null);
  }
}
