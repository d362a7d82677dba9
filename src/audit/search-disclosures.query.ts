import { Query } from '@nestjs/cqrs';
import type { DisclosureFilters, DisclosureHit } from '../accounting/projection/disclosure-search.reader.js';

/** GET /v1/audit/disclosures: every recorded disclosure, filtered, newest first, a page at a time. */
export class SearchDisclosuresQuery extends Query<{ disclosures: DisclosureHit[]; nextCursor: string | null }> {
  constructor(readonly filters: DisclosureFilters) {
    super();
  }
}
