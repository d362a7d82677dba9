import { Query } from '@nestjs/cqrs';
import type { DisclosureFilters } from '../accounting/projection/disclosure-search.reader.js';
import type { TotalsKey, TotalsRow } from '../accounting/projection/totals.js';

/** The search's filters but knownAt and the page; `from`/`to` are months (YYYY-MM) or days. */
export type TotalsRequestFilters = Omit<DisclosureFilters, 'knownAt' | 'order' | 'after' | 'limit'>;

/**
 * GET /v1/audit/totals: disclosures counted by up to two keys, from the totals cube when the filters are ones it is
 * kept by, else from the matching disclosures (`source`).
 */
export class TotalsQuery extends Query<{
  groupBy: TotalsKey[];
  source: 'cube' | 'disclosures';
  total: number;
  groups: TotalsRow[];
}> {
  constructor(
    readonly groupBy: TotalsKey[],
    readonly filters: TotalsRequestFilters,
  ) {
    super();
  }
}
