import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { workerLimits } from '../../config/memory.js';
import { lockCheckpoint } from '../../projections/projection-runner.js';
import { READ_MODEL_DB, type ReadModelDb, type SqlTx } from '../../projections/read-model-db.js';
import { consistencyProofPlan, inclusionProofPlan } from '../merkle/proof-plan.js';
import { generateConsistencyProof, generateInclusionProof } from '../merkle/proofs.js';
import { issueCheckpoint, latestCheckpoint, type CheckpointRow } from './checkpoint-issuer.js';
import { AuditRuns } from './audit-runs.js';
import { AUDIT_WORKER, type AuditWorkerData, type FromAuditWorker } from './audit-worker.messages.js';
import { checkpointPolicy } from './integrity-keys.js';
import type { AuditReport } from './ledger-audit.js';
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

/** An audit as GET /v1/integrity/audits/current shows it. `stopped`: it did not finish (resume it). */
export interface CurrentAudit {
  auditId: string;
  state: 'running' | 'finished' | 'stopped';
  startedAt: string;
  checkedEvents: number;
  totalEvents: number | null;
  report: AuditReport | null;
}

interface RunningAudit {
  worker: Worker;
  current: CurrentAudit;
  started: Promise<void>;
  report: Promise<AuditReport & { auditId: string }>;
}

/** Serves checkpoints and proofs from the persisted tree; issues a checkpoint every T seconds when it grew. */
@Injectable()
export class IntegrityService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly policy: ReturnType<typeof checkpointPolicy>;
  private timer: NodeJS.Timeout | null = null;
  private running: RunningAudit | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(AUDIT_WORKER) private readonly auditWorker: URL,
  ) {
    this.policy = checkpointPolicy(config);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.issueNow().catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'timed checkpoint failed'),
      );
    }, this.config.LEDGER_CHECKPOINT_SECONDS * 1000);
    this.timer.unref();
  }

  /** An audit still running is stopped with the service: its saved progress lets `resume=true` go on from there. */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.worker.terminate();
  }

  get verifierKey(): string {
    return this.policy.verifiers[0];
  }

  get keyName(): string {
    return this.policy.signer.keyName;
  }

  /** Serialised with the merkle-log runner by locking its checkpoint row. */
  issueNow(): Promise<CheckpointRow | null> {
    return this.db.transaction(async (tx) => {
      await lockCheckpoint(tx, MERKLE_LOG);
      return issueCheckpoint(tx, this.policy);
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

  /**
   * A full audit, in the audit worker thread (the event loop stays free); one at a time: asking while one runs joins
   * it. `resume` continues the latest run that did not finish.
   */
  audit(resume = false): Promise<AuditReport & { auditId: string }> {
    return this.run(resume).report;
  }

  /** Starts an audit (or joins the one running) and answers as soon as it has begun. */
  async startAudit(resume = false): Promise<CurrentAudit> {
    const running = this.run(resume);
    await running.started;
    return { ...running.current };
  }

  /** The audit running now (how far it got), or the last one run, with its report; null before the first. */
  async currentAudit(): Promise<CurrentAudit | null> {
    if (this.running) return { ...this.running.current };
    const last = await new AuditRuns(this.db).latest();
    if (!last) return null;
    return {
      auditId: last.auditId,
      state: last.finished ? 'finished' : 'stopped',
      startedAt: last.startedAt,
      checkedEvents: last.report?.checkedEvents ?? last.progress?.checkedEvents ?? 0,
      totalEvents: null,
      report: last.report,
    };
  }

  private run(resume: boolean): RunningAudit {
    if (this.running) return this.running;
    const worker = new Worker(this.auditWorker, {
      workerData: { config: this.config, resume } satisfies AuditWorkerData,
      ...workerLimits(this.config.memory),
    });
    const current: CurrentAudit = {
      auditId: '',
      state: 'running',
      startedAt: new Date().toISOString(),
      checkedEvents: 0,
      totalEvents: null,
      report: null,
    };
    let begun = () => {};
    const started = new Promise<void>((resolve) => (begun = resolve));
    const report = new Promise<AuditReport & { auditId: string }>((resolve, reject) => {
      worker.on('message', (message: FromAuditWorker) => {
        if (message.type === 'started') {
          Object.assign(current, message.run);
          begun();
        } else if (message.type === 'progress') Object.assign(current, message.progress);
        else if (message.type === 'done') resolve(message.report);
        else reject(new Error(`integrity audit failed: ${message.message}`));
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`integrity audit worker exited with ${code}`)));
    });
    const running: RunningAudit = { worker, current, started, report };
    this.running = running;
    report.then(
      () => (this.running = null),
      (error: unknown) => {
        this.running = null;
        this.logger.error({ err: (error as Error).message }, 'integrity audit failed');
      },
    );
    // a worker that fails before it began: the start is over too (the report says why)
    report.catch(() => undefined).finally(begun);
    return running;
  }

  private async assertWithinTree(tx: SqlTx, size: number): Promise<void> {
    const built = await treeSize(tx);
    if (size > built)
      throw new ProofUnavailableError(`tree size ${size} exceeds the ${built} leaves integrated so far`);
  }
}
