import { Query } from '@nestjs/cqrs';
import type { HhsLogRow, IncidentStatus, IncidentView } from './incident-view.js';

/** GET /v1/audit/incidents?status=&due-within=&asOf= */
export class ListIncidentsQuery extends Query<{ asOf: string; incidents: IncidentView[] }> {
  constructor(readonly filters: { status?: IncidentStatus; dueWithin?: number; asOf?: string }) {
    super();
  }
}

export interface DisclosurePage {
  disclosures: {
    disclosureId: string;
    memberId: string;
    date: string;
    channel: string;
    recipient: string;
    voided: boolean;
  }[];
  nextCursor: string | null;
}

/**
 * GET /v1/audit/incidents/{incidentId}?cursor=&limit=&asOf= : the view with the first page of its disclosures; with a
 * cursor, the next page alone (the view counts every disclosure of the incident: once is enough for a walk).
 */
export class GetIncidentQuery extends Query<
  (IncidentView & { asOf: string; page: DisclosurePage }) | { incidentId: string; asOf: string; page: DisclosurePage }
> {
  constructor(
    readonly incidentId: string,
    readonly page: { cursor?: string; limit: number },
    readonly asOf?: string,
  ) {
    super();
  }
}

/** GET /v1/audit/hhs-breach-log?year= : 164.408(c)'s annual log. */
export class HhsBreachLogQuery extends Query<{ year: number; dueOn: string; breaches: HhsLogRow[] }> {
  constructor(readonly year: number) {
    super();
  }
}
