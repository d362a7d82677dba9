/** Handlers of the integrity queries: the IntegrityService answers from the persisted tree. */
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IntegrityService } from '../log/integrity.service.js';
import {
  AuditLedgerQuery,
  GetCheckpointQuery,
  GetConsistencyProofQuery,
  GetInclusionProofQuery,
  GetCurrentAuditQuery,
  GetPublicKeyQuery,
  StartAuditQuery,
} from './integrity.queries.js';

@QueryHandler(GetCheckpointQuery)
export class GetCheckpointHandler implements IQueryHandler<GetCheckpointQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  async execute() {
    const latest = (await this.integrity.latest()) ?? (await this.integrity.issueNow());
    return latest && { ...latest, keyName: this.integrity.keyName };
  }
}

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  async execute() {
    return { keyName: this.integrity.keyName, verifierKey: this.integrity.verifierKey };
  }
}

@QueryHandler(GetInclusionProofQuery)
export class GetInclusionProofHandler implements IQueryHandler<GetInclusionProofQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ position, treeSize }: GetInclusionProofQuery) {
    return this.integrity.inclusionProof(position, treeSize);
  }
}

@QueryHandler(GetConsistencyProofQuery)
export class GetConsistencyProofHandler implements IQueryHandler<GetConsistencyProofQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ from, to }: GetConsistencyProofQuery) {
    return this.integrity.consistencyProof(from, to);
  }
}

@QueryHandler(AuditLedgerQuery)
export class AuditLedgerHandler implements IQueryHandler<AuditLedgerQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ resume }: AuditLedgerQuery) {
    return this.integrity.audit(resume);
  }
}

@QueryHandler(StartAuditQuery)
export class StartAuditHandler implements IQueryHandler<StartAuditQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ resume }: StartAuditQuery) {
    return this.integrity.startAudit(resume);
  }
}

@QueryHandler(GetCurrentAuditQuery)
export class GetCurrentAuditHandler implements IQueryHandler<GetCurrentAuditQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute() {
    return this.integrity.currentAudit();
  }
}

export const INTEGRITY_QUERY_HANDLERS = [
  GetCheckpointHandler,
  GetPublicKeyHandler,
  GetInclusionProofHandler,
  GetConsistencyProofHandler,
  AuditLedgerHandler,
  StartAuditHandler,
  GetCurrentAuditHandler,
];
