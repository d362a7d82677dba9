/**
 * One audit run, as the CLI and the audit worker thread do it: the keys and the checkpoints to trust from
 * configuration (and files given), progress saved as it goes, the report kept with the run.
 */
import type { LedgerConfig } from '../../config/config.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import type { ReadModelDb } from '../../projections/read-model-db.js';
import { AuditRuns } from './audit-runs.js';
import { checkpointVerifiers } from './integrity-keys.js';
import { auditLedger, type AuditReport } from './ledger-audit.js';
import { trustedCheckpoints } from './trust.js';

export interface RunAuditOptions {
  /** files of checkpoints kept or published outside the database, besides LEDGER_CHECKPOINT_WITNESS_FILE */
  trustedFiles?: readonly string[];
  resume?: boolean;
  started?: (run: { auditId: string; startedAt: string; checkedEvents: number }) => void;
  progress?: (done: number, total: number) => void;
}

export async function runAudit(
  store: EventStore,
  db: ReadModelDb,
  config: LedgerConfig,
  { trustedFiles = [], resume = false, started, progress }: RunAuditOptions = {},
): Promise<AuditReport & { auditId: string }> {
  const verifiers = checkpointVerifiers(config);
  const files = [
    ...(config.LEDGER_CHECKPOINT_WITNESS_FILE ? [config.LEDGER_CHECKPOINT_WITNESS_FILE] : []),
    ...trustedFiles,
  ];
  const trusted = trustedCheckpoints(files, verifiers);
  const runs = new AuditRuns(db);
  const run = await runs.begin(resume);
  started?.({ auditId: run.auditId, startedAt: run.startedAt, checkedEvents: run.progress?.checkedEvents ?? 0 });
  const report = await auditLedger(
    store,
    db,
    { verifiers, trusted, sealedOrigin: config.LEDGER_LOG_ORIGIN },
    {
      progress,
      resumeFrom: run.progress,
      save: (p) => runs.save(run.auditId, p),
    },
  );
  await runs.finish(run.auditId, report);
  return { ...report, auditId: run.auditId };
}
