import { Query } from '@nestjs/cqrs';

/** The accounting a fulfilment provided (164.528(d)(2)): the exact text stored and its SHA-256, or null before. */
export interface ProvidedArtifact {
  memberId: string;
  requester: { type: 'self' | 'representative'; personId?: string | null };
  provided: {
    format: string;
    /** the exact bytes provided */
    artifact: Buffer;
    artifactSha256: string;
    providedAt: string;
  } | null;
}

/** GET /v1/accounting-requests/{requestId}/artifact */
export class GetRequestArtifactQuery extends Query<ProvidedArtifact> {
  constructor(readonly requestId: string) {
    super();
  }
}
