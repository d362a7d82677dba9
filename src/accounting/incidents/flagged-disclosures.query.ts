import { Query } from '@nestjs/cqrs';

/** The flagged disclosures (BreachAssessmentRequired) among `ids`, with their members: what an incident may take in. */
export class FlaggedDisclosuresQuery extends Query<{ disclosureId: string; memberId: string }[]> {
  constructor(readonly disclosureIds: string[]) {
    super();
  }
}
