import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { lockCheckpoint } from '../../projections/projection-runner.js';
import { READ_MODEL_DB, type ReadModelDb, type SqlTx } from '../../projections/read-model-db.js';
import { formatVerifierKey, type NoteSigner } from '../checkpoints/note-keys.js';
import { consistencyProofPlan, inclusionProofPlan } from '../merkle/proof-plan.js';
import { generateConsistencyProof, generateInclusionProof } from '../merkle/proofs.js';
import { issueCheckpoint, latestCheckpoint, type CheckpointRow } from './checkpoint-issuer.js';
import { loadCheckpointSigner } from './integrity-keys.js';
import { auditLedger, type AuditReport } from './ledger-audit.js';
import { MERKLE_LOG } from './merkle-log.projection.js';
import { loadNodes, treeSize } from './node-table.js';

export class ProofUnavailableError extends Error {}

export interface InclusionProof {
  position: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
}

/** Serves checkpoints and proofs from the persisted tree; issues a checkpoint every T seconds when it grew. */
@Injectable()
export class IntegrityService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly signer: NoteSigner;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {
    this.signer = loadCheckpointSigner(config);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.issueNow().catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'timed checkpoint failed'),
      );
    }, this.config.LEDGER_CHECKPOINT_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get verifierKey(): string {
    return formatVerifierKey(this.signer);
  }

  get keyName(): string {
    return this.signer.keyName;
  }

  /** Serialised with the merkle-log runner by locking its checkpoint row. */
  issueNow(): Promise<CheckpointRow | null> {
    return this.db.transaction(async (tx) => {
      await lockCheckpoint(tx, MERKLE_LOG);
      return issueCheckpoint(tx, { origin: this.config.LEDGER_LOG_ORIGIN, signer: this.signer });
    });
  }

  latest(): Promise<CheckpointRow | null> {
    return latestCheckpoint(this.db);
  }

  async inclusionProof(position: number, requestedSize?: number): Promise<InclusionProof> {
    const size = requestedSize ?? (await this.latest())?.size;
    if (size === undefined) throw new ProofUnavailableError('no checkpoint has been issued yet');
    await this.assertWithinTree(this.db, size);
    if (position < 1 || position > size)
      throw new ProofUnavailableError(`position ${position} is not in a tree of size ${size}`);
    const leafIndex = position - 1;
    const source = await loadNodes(this.db, [
      { level: 0, index: leafIndex },
      ...inclusionProofPlan(leafIndex, size).flat(),
    ]);
    const hashes = generateInclusionProof(source, leafIndex, size);
    return {
      position,
      leafIndex,
      treeSize: size,
      leafHash: source.get(0, leafIndex).toString('base64'),
      hashes: hashes.map((h) => h.toString('base64')),
    };
  }

  async consistencyProof(from: number, to: number): Promise<{ from: number; to: number; hashes: string[] }> {
    if (from < 1 || from > to) throw new ProofUnavailableError('consistency proofs need 1 ≤ from ≤ to');
    await this.assertWithinTree(this.db, to);
    const source = await loadNodes(this.db, consistencyProofPlan(from, to).flat());
    return { from, to, hashes: generateConsistencyProof(source, from, to).map((h) => h.toString('base64')) };
  }

  audit(progress?: (done: number, total: number) => void): Promise<AuditReport> {
    return auditLedger(this.store, this.db, this.verifierKey, progress);
  }

  private async assertWithinTree(tx: SqlTx, size: number): Promise<void> {
    const built = await treeSize(tx);
    if (size > built)
      throw new ProofUnavailableError(`tree size ${size} exceeds the ${built} leaves integrated so far`);
  }
}
