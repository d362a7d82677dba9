import { Query } from '@nestjs/cqrs';
import type { FlaggedFilter } from '../projection/incidents.reader.js';

/** The flagged disclosures (BreachAssessmentRequired) among `ids`, with their members: what an incident may take in. */
export class FlaggedDisclosuresQuery extends Query<
  { disclosureId: string; memberId: string; incidentId: string | null }[]
> {
  constructor(readonly disclosureIds: string[]) {
    super();
  }
}

/** A page of flagged disclosures matching a filter and in no incident yet (keyset after `after`). */
export class FlaggedMatchingQuery extends Query<{ disclosureId: string; memberId: string }[]> {
  constructor(
    readonly filter: FlaggedFilter,
    readonly after: string,
    readonly limit: number,
  ) {
    super();
  }
}
