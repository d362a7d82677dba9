import { Query } from '@nestjs/cqrs';

export interface AssociateView {
  associateId: string;
  name: string;
  aliases: string[];
  services: string;
  agreements: {
    agreementId: string;
    signedOn: string;
    effectiveFrom: string;
    effectiveUntil: string | null;
    terminatedOn: string | null;
    status: 'in-effect' | 'not-yet-effective' | 'expired' | 'terminated';
  }[];
  /** an agreement is in effect today */
  covered: boolean;
  /** the agreement in effect ends within `lapsing-within` days and none takes over the day after */
  lapsing: { agreementId: string; lastDay: string } | null;
  outsideAgreement: {
    count: number;
    disclosures: { disclosureId: string; memberId: string; flaggedAt: string; finding: string }[];
  };
}

/** GET /v1/audit/business-associates?lapsing-within=N&asOf= */
export class ListAssociatesQuery extends Query<{ asOf: string; onDate: string; associates: AssociateView[] }> {
  constructor(
    readonly lapsingWithin: number,
    readonly asOf?: string,
  ) {
    super();
  }
}
