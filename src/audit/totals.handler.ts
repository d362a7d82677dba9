import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readTotals } from '../accounting/projection/totals.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { TotalsQuery } from './totals.query.js';

@QueryHandler(TotalsQuery)
export class TotalsHandler implements IQueryHandler<TotalsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute({ groupBy, filters }: TotalsQuery) {
    return { groupBy, ...(await readTotals(this.db, groupBy, filters)) };
  }
}
