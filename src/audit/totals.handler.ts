import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { totalsOfDisclosures } from '../accounting/projection/disclosure-search.reader.js';
import { readTotals } from '../accounting/projection/totals.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { TotalsQuery, type TotalsRequestFilters } from './totals.query.js';

/** Filters the totals cube is kept by; `from`/`to` only as months. */
const CUBE_FILTERS = new Set(['channel', 'recipient', 'cfr', 'permitted', 'sourceSystem', 'from', 'to']);
const isMonth = (v: string | undefined) => v === undefined || v.length === 7;

/**
 * From the cube (thousands of cells) when every filter given is one it is kept by; else counted over the matching
 * disclosures, which the search's indexes narrow (docs/benchmarks.md has both).
 */
@QueryHandler(TotalsQuery)
export class TotalsHandler implements IQueryHandler<TotalsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute({ groupBy, filters: f }: TotalsQuery) {
    const given = Object.entries(f).filter(([, v]) => v !== undefined);
    if (given.every(([k]) => CUBE_FILTERS.has(k)) && isMonth(f.from) && isMonth(f.to))
      return { groupBy, source: 'cube' as const, ...(await readTotals(this.db, groupBy, f)) };
    const days: TotalsRequestFilters = {
      ...f,
      from: f.from?.length === 7 ? `${f.from}-01` : f.from,
      to: f.to?.length === 7 ? `${f.to}-31` : f.to, // the last day of any month sorts at or before -31
    };
    return { groupBy, source: 'disclosures' as const, ...(await totalsOfDisclosures(this.db, groupBy, days)) };
  }
}
