/** The integrity queries (api.md "Integrity"): checkpoints, proofs and the full audit. */
import { Query } from '@nestjs/cqrs';
import type { CheckpointRow } from '../log/checkpoint-issuer.js';
import type { CurrentAudit, InclusionProof } from '../log/integrity.service.js';
import type { AuditReport } from '../log/ledger-audit.js';

/** The latest signed checkpoint (one is signed now when the tree has grown since, or none exists yet). */
export class GetCheckpointQuery extends Query<(CheckpointRow & { keyName: string }) | null> {}

/** The checkpoint signer's C2SP verifier key. */
export class GetPublicKeyQuery extends Query<{ keyName: string; verifierKey: string }> {}

/** RFC 9162 §2.1.3 audit path of the event at `position`, in the tree of `treeSize` (default: the latest checkpoint's). */
export class GetInclusionProofQuery extends Query<InclusionProof> {
  constructor(
    readonly position: number,
    readonly treeSize?: number,
  ) {
    super();
  }
}

/** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
export class GetConsistencyProofQuery extends Query<{ from: number; to: number; hashes: string[] }> {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}

/**
 * Re-hash every stored event and check the tree, every signed checkpoint and every checkpoint kept outside the
 * database (in the audit worker thread). `resume` continues the last audit that did not finish.
 */
export class AuditLedgerQuery extends Query<AuditReport & { auditId: string }> {
  constructor(readonly resume = false) {
    super();
  }
}

/** Start an audit (or join the one running) without waiting for it: how it is going, from GetCurrentAuditQuery. */
export class StartAuditQuery extends Query<CurrentAudit> {
  constructor(readonly resume = false) {
    super();
  }
}

/** The audit running now, with how far it got, or the last one run and its report. */
export class GetCurrentAuditQuery extends Query<CurrentAudit | null> {}
