import { Query } from '@nestjs/cqrs';
import type { TotalsFilters, TotalsKey, TotalsRow } from '../accounting/projection/totals.js';

/** GET /v1/audit/totals: disclosures counted by up to two keys, from the totals cube. */
export class TotalsQuery extends Query<{ groupBy: TotalsKey[]; total: number; groups: TotalsRow[] }> {
  constructor(
    readonly groupBy: TotalsKey[],
    readonly filters: TotalsFilters,
  ) {
    super();
  }
}
